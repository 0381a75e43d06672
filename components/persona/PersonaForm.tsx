import type { PersonaRecord } from '../../lib/db/records';
import { buildSystemPrompt } from '../../lib/persona/system-prompt';
import { GreetingsEditor } from './GreetingsEditor';

type TextKey =
  | 'name'
  | 'nickname'
  | 'description'
  | 'personality'
  | 'scenario'
  | 'greeting'
  | 'exampleDialogue'
  | 'systemPrompt'
  | 'postHistoryInstructions'
  | 'speakingStyle'
  | 'appearance';

/** The persona's text fields, with the card field each one is (for people who know cards). */
const FIELDS: { key: TextKey; label: string; rows: number; hint?: string }[] = [
  { key: 'name', label: 'Name', rows: 1 },
  { key: 'nickname', label: 'Nickname', rows: 1, hint: '{{char}} uses it when set' },
  { key: 'description', label: 'Description', rows: 4 },
  { key: 'personality', label: 'Personality', rows: 3 },
  { key: 'scenario', label: 'Scenario', rows: 3 },
  { key: 'speakingStyle', label: 'Way of speaking', rows: 2 },
  { key: 'greeting', label: 'Greeting', rows: 3, hint: 'the first message of a new conversation' },
  { key: 'exampleDialogue', label: 'Example dialogue', rows: 4, hint: 'blocks start with <START>' },
  {
    key: 'systemPrompt',
    label: 'System prompt',
    rows: 3,
    hint: "replaces Hearth's; {{original}} is Hearth's",
  },
  {
    key: 'postHistoryInstructions',
    label: 'Reminder after the conversation',
    rows: 2,
    hint: 'placed near the end of every prompt',
  },
  { key: 'appearance', label: 'Appearance', rows: 2 },
];

/** What the card said about itself, shown as text only (never as HTML). */
function CardNotes({ card }: { card: PersonaRecord['card'] }) {
  if (!card) return null;
  const data = card.data;
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
  const tags = Array.isArray(data.tags) ? data.tags.filter((t): t is string => typeof t === 'string') : [];
  const rows: [string, string][] = [
    ['Card', `${card.spec} ${String(card.specVersion)}`],
    ['Creator', text('creator')],
    ['Version', text('character_version')],
    ['Tags', tags.join(', ')],
    ["Creator's notes", text('creator_notes')],
  ];
  return (
    <details>
      <summary>About the card</summary>
      <dl class="card-notes">
        {rows
          .filter(([, value]) => value.trim() !== '')
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd class="pre-wrap">{value}</dd>
            </div>
          ))}
      </dl>
    </details>
  );
}

/** The persona's fields; changes go to `onChange`, the library saves them. */
export function PersonaForm({
  persona,
  onChange,
}: {
  persona: PersonaRecord;
  onChange: (persona: PersonaRecord) => void;
}) {
  return (
    <div class="stack persona-form">
      {FIELDS.map(({ key, label, rows, hint }) => (
        <label key={key}>
          {label}
          {hint && <span class="muted"> ({hint})</span>}
          {rows === 1 ? (
            <input
              value={persona[key]}
              onInput={(e) => onChange({ ...persona, [key]: e.currentTarget.value })}
            />
          ) : (
            <textarea
              rows={rows}
              value={persona[key]}
              onInput={(e) => onChange({ ...persona, [key]: e.currentTarget.value })}
            />
          )}
        </label>
      ))}
      <GreetingsEditor
        greetings={persona.alternateGreetings}
        onChange={(alternateGreetings) => onChange({ ...persona, alternateGreetings })}
      />
      <label class="row">
        <input
          type="checkbox"
          checked={persona.keepsToItself}
          onChange={(e) => onChange({ ...persona, keepsToItself: e.currentTarget.checked })}
        />
        Keeps what it learns about you to itself (other personas do not see those facts)
      </label>
      <CardNotes card={persona.card} />
      <details>
        <summary>System prompt built from this persona</summary>
        <pre class="prompt-preview">{buildSystemPrompt(persona)}</pre>
      </details>
    </div>
  );
}
