import type { UndoToastState } from './use-undo';
import { CloseIcon } from '../ui/icons';

/** The undo toast: a live status message with an Undo button while undo is on offer. */
export function UndoToast({
  toast,
  onUndo,
  onDismiss,
  onPause,
  onResume,
}: {
  toast: UndoToastState | null;
  onUndo: () => void;
  onDismiss: () => void;
  onPause: () => void;
  onResume: () => void;
}) {
  // The live region stays in the DOM so screen readers announce each new message.
  return (
    <div
      class="memory-toast-region"
      role="status"
      onMouseEnter={onPause}
      onMouseLeave={onResume}
      onFocusIn={onPause}
      onFocusOut={onResume}
    >
      {toast && (
        <div class={`memory-toast${toast.error ? ' error' : ''}`}>
          <span>{toast.message}</span>
          {toast.canUndo && (
            <button type="button" class="secondary" onClick={onUndo}>
              Undo
            </button>
          )}
          <button type="button" class="icon" aria-label="Dismiss" title="Dismiss" onClick={onDismiss}>
            <CloseIcon />
          </button>
        </div>
      )}
    </div>
  );
}
