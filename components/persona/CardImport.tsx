import { useState } from 'preact/hooks';
import type { Lorebook } from '../../lib/persona/lorebook/schema';
import { readFileBytes } from './file-io';
import { importErrorText, sortFile } from './import-files';
import type { PersonaLibraryService } from './library-service';

/** One line of the import's outcome. */
type Line = { error: boolean; text: string };

/**
 * Import by file picker or by dropping files: character cards (JSON, PNG/APNG, CHARX) become
 * personas; a standalone lorebook is added to `lorebookTarget`. Every refusal is said in
 * words with the reader's reason (which names the field). A card with an empty name is held
 * while the user is asked for one; it is never imported nameless.
 */
export function CardImport({
  service,
  lorebookTarget,
  onImported,
}: {
  service: PersonaLibraryService;
  /** The persona a dropped lorebook goes to (the one open, else the active one). */
  lorebookTarget: { name: string; add: (book: Lorebook) => Promise<void> } | null;
  onImported: (personaId: string) => void;
}) {
  const [lines, setLines] = useState<Line[]>([]);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [pending, setPending] = useState<{ fileName: string; bytes: Uint8Array } | null>(null);
  const [name, setName] = useState('');

  const importCard = async (fileName: string, bytes: Uint8Array, given?: string): Promise<Line | null> => {
    const outcome = await service.importCard(bytes, given ? { name: given } : {});
    if (outcome.kind === 'needs-name') {
      setPending({ fileName, bytes });
      setName('');
      return null;
    }
    onImported(outcome.persona.id);
    const notes = outcome.notes.length ? ` ${outcome.notes.join(' ')}` : '';
    return { error: false, text: `Imported ${outcome.persona.name} from ${fileName}.${notes}` };
  };

  const importFiles = async (files: readonly File[]) => {
    if (!files.length) return;
    setBusy(true);
    const out: Line[] = [];
    for (const file of files) {
      try {
        const sorted = sortFile(await readFileBytes(file));
        if (sorted.kind === 'refused') {
          out.push({ error: true, text: `${file.name} was not imported: ${sorted.error}` });
        } else if (sorted.kind === 'lorebook') {
          if (!lorebookTarget) {
            out.push({ error: true, text: `${file.name} is a lorebook: open a persona to add it to.` });
          } else {
            await lorebookTarget.add(sorted.book);
            const n = sorted.book.entries.length;
            out.push({
              error: false,
              text: `Added the lorebook ${file.name} (${n} ${n === 1 ? 'entry' : 'entries'}) to ${lorebookTarget.name}.`,
            });
          }
        } else {
          const line = await importCard(file.name, sorted.bytes);
          if (line) out.push(line);
        }
      } catch (error) {
        out.push({ error: true, text: importErrorText(file.name, error) });
      }
    }
    setLines(out);
    setBusy(false);
  };

  return (
    <div class="stack card-import">
      <div
        class={dragging ? 'persona-drop persona-drop-active' : 'persona-drop'}
        role="group"
        aria-label="Import cards and lorebooks"
        data-testid="persona-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void importFiles([...(e.dataTransfer?.files ?? [])]);
        }}
      >
        <p class="muted">Drop character cards (JSON, PNG, CHARX) or lorebook files here, or</p>
        <label class="button secondary">
          Import a card or lorebook
          <input
            type="file"
            multiple
            disabled={busy}
            accept=".json,.png,.apng,.charx,.zip,.jpg,.jpeg,application/json,image/png"
            onChange={(e) => {
              const input = e.currentTarget;
              const files = [...(input.files ?? [])];
              input.value = '';
              void importFiles(files);
            }}
          />
        </label>
      </div>
      {pending && (
        <form
          class="stack"
          aria-label="Name the imported card"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!name.trim()) return;
            const { fileName, bytes } = pending;
            setPending(null);
            try {
              const line = await importCard(fileName, bytes, name.trim());
              if (line) setLines([line]);
            } catch (error) {
              setLines([{ error: true, text: importErrorText(fileName, error) }]);
            }
          }}
        >
          <p role="alert">{pending.fileName}: the card has no name. What should this persona be called?</p>
          <label>
            Name for the persona
            <input value={name} required maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <div class="row">
            <button type="submit" disabled={!name.trim()}>
              Import with this name
            </button>
            <button type="button" class="secondary" onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {lines.map((line, i) =>
        line.error ? (
          <p key={i} class="error" role="alert">
            {line.text}
          </p>
        ) : (
          <p key={i} role="status">
            {line.text}
          </p>
        ),
      )}
    </div>
  );
}
