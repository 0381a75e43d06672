import { useEffect, useRef, useState } from 'preact/hooks';
import type { CardExportFormat } from '../../lib/persona/cards/export-card';
import { downloadBytes, fileStem, readFileBytes } from './file-io';
import type { PersonaLibraryService } from './library-service';

/** Each export format: its button, file extension and type. */
export const EXPORTS: readonly { format: CardExportFormat; label: string; ext: string; mime: string }[] = [
  { format: 'png', label: 'Export PNG', ext: 'png', mime: 'image/png' },
  { format: 'json-v3', label: 'Export JSON (V3)', ext: 'json', mime: 'application/json' },
  { format: 'json-v2', label: 'Export JSON (V2)', ext: 'json', mime: 'application/json' },
  { format: 'charx', label: 'Export CHARX', ext: 'charx', mime: 'application/zip' },
];

/** The file name an export is saved under ("Ember.png", "Ember.v2.json"). */
export function exportFilename(name: string, format: CardExportFormat): string {
  const stem = fileStem(name);
  const spec = EXPORTS.find((e) => e.format === format)!;
  return format === 'json-v2' ? `${stem}.v2.json` : `${stem}.${spec.ext}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Make active, duplicate, export in each format, and delete after a confirmation. */
export function PersonaActions({
  service,
  personaId,
  name,
  active,
  onChanged,
  onDeleted,
}: {
  service: PersonaLibraryService;
  personaId: string;
  name: string;
  active: boolean;
  onChanged: (selectId?: string) => void;
  onDeleted: () => void;
}) {
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const [confirming, setConfirming] = useState<{ conversations: number; memories: number } | null>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancel.current?.focus();
  }, [confirming]);
  useEffect(() => setConfirming(null), [personaId]);

  const run = async (what: () => Promise<string | void>) => {
    try {
      const text = await what();
      setStatus(text ? { error: false, text } : null);
    } catch (error) {
      setStatus({ error: true, text: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <div class="stack persona-actions">
      <div class="row">
        <button
          type="button"
          disabled={active}
          onClick={() =>
            void run(async () => {
              await service.setActive(personaId);
              onChanged();
              return `${name} is now the active persona.`;
            })
          }
        >
          {active ? 'Active persona' : 'Make active'}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() =>
            void run(async () => {
              const copy = await service.duplicate(personaId);
              onChanged(copy.id);
              return `Made ${copy.name}.`;
            })
          }
        >
          Duplicate
        </button>
        <button
          type="button"
          class="secondary"
          disabled={confirming !== null}
          onClick={() =>
            void run(async () => {
              setConfirming(await service.usage(personaId));
            })
          }
        >
          Delete…
        </button>
      </div>
      <label>
        Choose a picture for {name}
        <input
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif,image/avif"
          onChange={(e) => {
            const input = e.currentTarget;
            const file = input.files?.[0];
            input.value = '';
            if (!file) return;
            void run(async () => {
              await service.setAvatar(personaId, await readFileBytes(file), file.type);
              onChanged();
              return `${name} has a new picture.`;
            });
          }}
        />
      </label>
      <div class="row" role="group" aria-label="Export">
        {EXPORTS.map(({ format, label, mime }) => (
          <button
            key={format}
            type="button"
            class="secondary"
            onClick={() =>
              void run(async () => {
                const bytes = await service.exportCard(personaId, format);
                const filename = exportFilename(name, format);
                downloadBytes(bytes, filename, mime);
                return `Saved ${filename}.`;
              })
            }
          >
            {label}
          </button>
        ))}
      </div>
      {confirming && (
        <div class="stack" role="alertdialog" aria-labelledby="persona-delete-q">
          <p id="persona-delete-q">
            Delete {name}? Its lorebook, pictures, mood and the{' '}
            {plural(confirming.memories, 'memory', 'memories')} it owns go with it
            {confirming.conversations > 0 &&
              `, and so do its ${plural(confirming.conversations, 'conversation', 'conversations')}`}
            . This cannot be undone: export it first to keep a copy.
          </p>
          <div class="row">
            <button
              type="button"
              onClick={() =>
                void run(async () => {
                  await service.remove(personaId, { withConversations: confirming.conversations > 0 });
                  setConfirming(null);
                  onDeleted();
                  return `Deleted ${name}.`;
                })
              }
            >
              Yes, delete {name}
            </button>
            <button type="button" class="secondary" ref={cancel} onClick={() => setConfirming(null)}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {status && (
        <p class={status.error ? 'error' : 'muted'} role={status.error ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </div>
  );
}
