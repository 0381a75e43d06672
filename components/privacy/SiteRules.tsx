import { useState } from 'preact/hooks';
import { SiteRule } from '../../lib/privacy/settings';
import { BUILT_IN_BLOCKS, withRule } from '../../lib/privacy/site-rules';

/** The user's allow and block rules, and the built-in blocks that always apply. */
export function SiteRules({
  rules,
  onChange,
}: {
  rules: readonly SiteRule[];
  onChange: (rules: SiteRule[]) => void;
}) {
  const [host, setHost] = useState('');
  const [kind, setKind] = useState<SiteRule['kind']>('allow');
  const [problem, setProblem] = useState<string | null>(null);
  const add = (event: Event) => {
    event.preventDefault();
    const parsed = SiteRule.safeParse({ host: host.trim().toLowerCase(), kind });
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? 'Not a site.');
    setProblem(null);
    setHost('');
    onChange(withRule(rules, parsed.data.host, parsed.data.kind));
  };
  return (
    <div>
      <h4>Sites</h4>
      <ul aria-label="Site rules">
        {rules.map((rule) => (
          <li key={rule.host}>
            {rule.kind === 'allow' ? 'Allowed' : 'Blocked'}: {rule.host}{' '}
            <button
              type="button"
              aria-label={`Remove the rule for ${rule.host}`}
              onClick={() => onChange(rules.filter((r) => r.host !== rule.host))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form aria-label="Add a site rule" onSubmit={add}>
        <label>
          Site{' '}
          <input value={host} placeholder="example.com" onInput={(e) => setHost(e.currentTarget.value)} />
        </label>{' '}
        <label>
          Rule{' '}
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as SiteRule['kind'])}>
            <option value="allow">Allow</option>
            <option value="block">Block</option>
          </select>
        </label>{' '}
        <button type="submit">Add</button>
        {problem && <span role="alert"> {problem}</span>}
      </form>
      <p class="muted">
        Never read, whatever the rules say: {BUILT_IN_BLOCKS.map((b) => b.name).join(', ')}.
      </p>
    </div>
  );
}
