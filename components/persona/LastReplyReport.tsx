import { useState } from 'preact/hooks';
import type { LoreReport } from '../../lib/persona/lore-report';
import { describeStoredSummary, storedRows } from './inspector-text';
import { LoreReportTable } from './LoreReportTable';

/**
 * What the lorebook did for the persona's latest reply, as stored with it: the entries that
 * went into that prompt and those kept out, with the reason (budget drops of constant
 * entries included). Loaded when asked, so opening a persona reads no conversation.
 */
export function LastReplyReport({
  load,
}: {
  load: () => Promise<{ at: number; report: LoreReport } | null>;
}) {
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'none' }
    | { kind: 'error'; text: string }
    | { kind: 'shown'; at: number; report: LoreReport }
  >({ kind: 'idle' });
  const rows = state.kind === 'shown' ? storedRows(state.report) : [];
  return (
    <div class="stack">
      <div class="row">
        <button
          type="button"
          class="secondary"
          onClick={async () => {
            try {
              const found = await load();
              setState(found ? { kind: 'shown', ...found } : { kind: 'none' });
            } catch (error) {
              setState({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
            }
          }}
        >
          Show what the last reply used
        </button>
      </div>
      {state.kind === 'none' && <p role="status">No reply of this persona has used its lorebook yet.</p>}
      {state.kind === 'error' && (
        <p class="error" role="alert">
          {state.text}
        </p>
      )}
      {state.kind === 'shown' && (
        <>
          <p role="status" aria-label="Last reply summary">
            Reply of {new Date(state.at).toLocaleString()}: {describeStoredSummary(state.report)}
          </p>
          <LoreReportTable label="Last reply's lorebook" rows={rows} />
        </>
      )}
    </div>
  );
}
