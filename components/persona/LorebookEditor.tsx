import { useState } from 'preact/hooks';
import { parseLorebook, type Lorebook } from '../../lib/persona/lorebook/schema';
import { LorebookEntryEditor } from './LorebookEntryEditor';
import { addEntry, changeEntry, removeEntry } from './lorebook-edit';
import { readFileBytes } from './file-io';

/** Reads a standalone lorebook file (bare or `lorebook_v3`); the error names the field when refused. */
export async function readLorebookFile(
  file: File,
): Promise<{ ok: true; book: Lorebook } | { ok: false; error: string }> {
  const text = new TextDecoder().decode(await readFileBytes(file));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      error: `${file.name} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const parsed = parseLorebook(json);
  return parsed.ok ? parsed : { ok: false, error: `${file.name}: ${parsed.error}` };
}

function numberOrNull(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
}

/**
 * A persona's lorebook: the book's settings, every entry, add and remove, and replacing the
 * book from a standalone lorebook file. Changes go to `onChange`; the persona form saves them.
 */
export function LorebookEditor({ book, onChange }: { book: Lorebook; onChange: (book: Lorebook) => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div class="stack lorebook-editor">
      <div class="row">
        <label>
          Scan depth (recent turns)
          <input
            type="number"
            min={0}
            value={book.scan_depth ?? ''}
            placeholder="4"
            onChange={(e) => onChange({ ...book, scan_depth: numberOrNull(e.currentTarget.value) })}
          />
        </label>
        <label>
          Token budget
          <input
            type="number"
            min={0}
            value={book.token_budget ?? ''}
            placeholder="the prompt's share"
            onChange={(e) => onChange({ ...book, token_budget: numberOrNull(e.currentTarget.value) })}
          />
        </label>
        <label class="row">
          <input
            type="checkbox"
            checked={book.recursive_scanning === true}
            onChange={(e) => onChange({ ...book, recursive_scanning: e.currentTarget.checked })}
          />
          Entries can trigger other entries
        </label>
      </div>
      {book.entries.length === 0 && <p class="muted">No entries yet.</p>}
      {book.entries.map((entry, index) => (
        <LorebookEntryEditor
          key={index}
          entry={entry}
          index={index}
          onChange={(change) => onChange(changeEntry(book, index, change))}
          onRemove={() => onChange(removeEntry(book, index))}
        />
      ))}
      <div class="row">
        <button type="button" class="secondary" onClick={() => onChange(addEntry(book))}>
          Add entry
        </button>
        <label class="secondary">
          Replace with a lorebook file
          <input
            type="file"
            accept=".json,application/json"
            onChange={async (e) => {
              const input = e.currentTarget;
              const file = input.files?.[0];
              if (!file) return;
              const read = await readLorebookFile(file);
              input.value = '';
              if (read.ok) {
                setProblem(null);
                onChange(read.book);
              } else setProblem(read.error);
            }}
          />
        </label>
      </div>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
