import { useMemo, useState } from 'preact/hooks';
import { activateLorebook } from '../../lib/persona/lorebook/activate';
import type { Lorebook } from '../../lib/persona/lorebook/schema';
import { estimateTokens } from '../../lib/llm/token-estimate';
import { expandMacros, type MacroContext } from '../../lib/persona/macros';
import { describeSummary, textToTurns } from './inspector-text';
import { LoreReportTable } from './LoreReportTable';

/**
 * The activation inspector: runs the real activation on text the user types, or on the
 * recent turns of the persona's last conversation, and shows which entries fired, on which
 * key and at what depth, and which were skipped and why (budget drops of constant entries
 * included). Tokens are Hearth's estimate, as with a server that has no tokenizer.
 */
export function LorebookInspector({
  book,
  macros,
  loadRecentTurns,
}: {
  book: Lorebook;
  macros: MacroContext;
  /** The persona's last conversation's recent turns, oldest first (none when it has none). */
  loadRecentTurns?: () => Promise<string[]>;
}) {
  const [text, setText] = useState('');
  const [budget, setBudget] = useState('');
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const turns = useMemo(() => textToTurns(text), [text]);
  const result = useMemo(() => {
    const share = budget.trim() === '' ? undefined : Number(budget);
    return activateLorebook({
      book,
      turns,
      countTokens: estimateTokens,
      budgetTokens: share !== undefined && Number.isFinite(share) && share >= 0 ? share : undefined,
      expand: (t) => expandMacros(t, macros),
    });
  }, [book, turns, budget, macros]);

  return (
    <div class="stack lore-inspector">
      <label>
        Chat to test (one turn per paragraph, the latest last)
        <textarea rows={5} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <div class="row">
        <label>
          Lorebook share of the prompt (tokens)
          <input type="number" min={0} value={budget} onInput={(e) => setBudget(e.currentTarget.value)} />
        </label>
        {loadRecentTurns && (
          <button
            type="button"
            class="secondary"
            onClick={async () => {
              try {
                const recent = await loadRecentTurns();
                if (!recent.length) {
                  setStatus({ error: false, text: 'This persona has no conversation yet.' });
                  return;
                }
                setText(recent.join('\n\n'));
                setStatus({ error: false, text: `Loaded the last ${recent.length} turns.` });
              } catch (error) {
                setStatus({ error: true, text: error instanceof Error ? error.message : String(error) });
              }
            }}
          >
            Use the last conversation
          </button>
        )}
      </div>
      {status && (
        <p class={status.error ? 'error' : 'muted'} role={status.error ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
      <p role="status" aria-label="Activation summary">
        {describeSummary(result)}
      </p>
      <LoreReportTable label="Activation report" rows={result.report} />
    </div>
  );
}
