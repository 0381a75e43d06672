import type { LorebookEntry } from '../../lib/persona/lorebook/schema';
import type { SelectiveLogic } from '../../lib/persona/lorebook/normalize';
import {
  LOGIC_LABELS,
  keyErrors,
  keysToText,
  textToKeys,
  viewEntry,
  type EntryChange,
} from './lorebook-edit';

/** The fields of one lorebook entry. Every text is shown as text (Preact escapes it), never as HTML. */
export function LorebookEntryEditor({
  entry,
  index,
  onChange,
  onRemove,
}: {
  entry: LorebookEntry;
  index: number;
  onChange: (change: EntryChange) => void;
  onRemove: () => void;
}) {
  const view = viewEntry(entry);
  const label = view.name.trim() || `Entry ${index + 1}`;
  const errors = keyErrors(entry);
  const check = (name: string, checked: boolean, change: (value: boolean) => EntryChange) => (
    <label class="row">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(change(e.currentTarget.checked))} />
      {name}
    </label>
  );
  return (
    <fieldset class="stack lore-entry" aria-label={label} data-enabled={view.enabled}>
      <legend>{label}</legend>
      <label>
        Name
        <input value={view.name} onInput={(e) => onChange({ name: e.currentTarget.value })} />
      </label>
      <label>
        Keys (one per line)
        <textarea
          rows={2}
          value={keysToText(view.keys)}
          onChange={(e) => onChange({ keys: textToKeys(e.currentTarget.value) })}
        />
      </label>
      {check('Use secondary keys', view.selective, (selective) => ({ selective }))}
      {view.selective && (
        <>
          <label>
            Fires on a key
            <select
              value={view.logic}
              onChange={(e) => onChange({ logic: e.currentTarget.value as SelectiveLogic })}
            >
              {Object.entries(LOGIC_LABELS).map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </label>
          <label>
            Secondary keys (one per line)
            <textarea
              rows={2}
              value={keysToText(view.secondaryKeys)}
              onChange={(e) => onChange({ secondaryKeys: textToKeys(e.currentTarget.value) })}
            />
          </label>
        </>
      )}
      <div class="row lore-flags">
        {check('Enabled', view.enabled, (enabled) => ({ enabled }))}
        {check('Always on (constant)', view.constant, (constant) => ({ constant }))}
        {check('Case-sensitive', view.caseSensitive, (caseSensitive) => ({ caseSensitive }))}
        {check('Whole words only', view.wholeWords, (wholeWords) => ({ wholeWords }))}
        {check('Keys are regular expressions', view.useRegex, (useRegex) => ({ useRegex }))}
      </div>
      {errors.length > 0 && (
        <ul class="error" role="alert">
          {errors.map((e) => (
            <li key={e.key}>
              Key {JSON.stringify(e.key)} is not a valid regular expression: {e.error}
            </li>
          ))}
        </ul>
      )}
      <div class="row">
        <label>
          Order
          <input
            type="number"
            step={1}
            value={view.insertionOrder}
            onChange={(e) => {
              const value = Number(e.currentTarget.value);
              if (Number.isFinite(value)) onChange({ insertionOrder: value });
            }}
          />
        </label>
        <label>
          Position
          <select
            value={view.position}
            onChange={(e) => onChange({ position: e.currentTarget.value as EntryChange['position'] })}
          >
            <option value="before_char">Before the character</option>
            <option value="after_char">After the character</option>
          </select>
        </label>
      </div>
      <label>
        Content
        <textarea
          rows={4}
          value={view.content}
          onInput={(e) => onChange({ content: e.currentTarget.value })}
        />
      </label>
      <div class="row">
        <button type="button" class="secondary" onClick={onRemove}>
          Remove {label}
        </button>
      </div>
    </fieldset>
  );
}
