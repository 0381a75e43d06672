import { useEffect, useRef, useState } from 'preact/hooks';
import type { MoodClient } from '../../lib/mood/types';
import { download, message, StatusLine, type Status } from '../settings/data/shared';

type ResetWhat = 'mood' | 'relationship' | 'both';
const RESET_WORDS: Record<ResetWhat, string> = {
  mood: 'the mood',
  relationship: 'the relationship',
  both: 'the mood and the relationship',
};

/** The filename of a mood export: persona and date, safe on every file system. */
export function exportFilename(personaName: string, now: Date): string {
  const slug =
    personaName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'persona';
  return `hearth-mood-${slug}-${now.toISOString().slice(0, 10)}.json`;
}

/** Pause / Resume, Reset (mood, relationship or both, after a confirmation) and Export. */
export function MoodControls({
  client,
  personaId,
  personaName,
  paused,
  onDone,
}: {
  client: MoodClient;
  personaId: string;
  personaName: string;
  paused: boolean;
  /** Called after an action succeeded, so the section reads the state again. */
  onDone: () => void;
}) {
  const [what, setWhat] = useState<ResetWhat>('mood');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  // The question takes the focus, on its safe answer, so a keyboard user lands on it.
  useEffect(() => {
    if (confirming) cancel.current?.focus();
  }, [confirming]);

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setStatus(null);
    try {
      setStatus({ kind: 'done', text: await action() });
      onDone();
    } catch (error) {
      setStatus({ kind: 'error', text: message(error) });
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <div class="stack">
      <p class="muted">
        Paused, nothing moves the mood or the relationship: not your messages, not time. Reset puts them back
        to where they start; the log keeps a line saying you did.
      </p>
      <div class="row" style={{ flexWrap: 'wrap' }}>
        <button
          type="button"
          class="secondary"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              await client.pause(personaId, !paused);
              return paused ? 'Mood and relationship move again.' : 'Mood and relationship are paused.';
            })
          }
        >
          {paused ? 'Resume mood and relationship' : 'Pause mood and relationship'}
        </button>
        <button
          type="button"
          class="secondary"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const data = await client.exportAll(personaId);
              const filename = exportFilename(personaName, new Date());
              download(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), filename);
              return `Saved as ${filename}.`;
            })
          }
        >
          Export mood and relationship
        </button>
      </div>
      <div class="row">
        <label class="row">
          What to reset
          <select
            value={what}
            disabled={busy || confirming}
            onChange={(e) => setWhat(e.currentTarget.value as ResetWhat)}
          >
            <option value="mood">Mood</option>
            <option value="relationship">Relationship</option>
            <option value="both">Both</option>
          </select>
        </label>
        <button
          type="button"
          class="danger"
          disabled={busy || confirming}
          onClick={() => setConfirming(true)}
        >
          Reset…
        </button>
      </div>
      {confirming && (
        <div class="mood-confirm stack" role="alertdialog" aria-labelledby="mood-reset-q">
          <p id="mood-reset-q">
            Reset {RESET_WORDS[what]} of {personaName}? This cannot be undone.
          </p>
          <div class="row">
            <button
              type="button"
              class="danger"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await client.reset(personaId, what);
                  return `Reset ${RESET_WORDS[what]}.`;
                })
              }
            >
              Yes, reset {RESET_WORDS[what]}
            </button>
            <button ref={cancel} type="button" class="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <StatusLine status={status} />
    </div>
  );
}
