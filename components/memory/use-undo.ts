import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { MemoryManagerService } from '../../lib/memory/memory-manager-service';
import type { MemoryRecord } from '../../lib/memory/records';
import { publishMemoryChange } from './memory-actions';
import { countMemories } from './memory-query';

/** How long an undo is offered. */
export const UNDO_MS = 10_000;

/**
 * What can be undone, holding the records as they were before. Undo restores by id: a
 * forget puts the removed records back; an edit or pin restores only the fields it changed.
 */
export type UndoAction =
  | { type: 'forget'; message: string; records: MemoryRecord[] }
  | { type: 'fields'; message: string; previous: MemoryRecord[]; fields: (keyof MemoryRecord)[] };

/** Fields an edit changes (textKey follows text). */
export const EDIT_FIELDS: (keyof MemoryRecord)[] = ['text', 'textKey', 'kind', 'importance'];
/** Fields pinning changes. */
export const PIN_FIELDS: (keyof MemoryRecord)[] = ['pinned', 'pinnedAt'];

/** Writes an undo back in one transaction and tells the other contexts; resolves to the ids restored. */
export async function applyUndo(service: MemoryManagerService, action: UndoAction): Promise<string[]> {
  const ids =
    action.type === 'forget'
      ? await service.restoreForgotten(action.records)
      : await service.restoreFields(action.previous, action.fields);
  publishMemoryChange(ids);
  return ids;
}

/** What the undo toast shows: an offer with an Undo button, or the outcome of one. */
export interface UndoToastState {
  message: string;
  canUndo: boolean;
  error?: boolean;
}

/**
 * Offers one undo at a time for UNDO_MS (a new offer replaces the old one, which then
 * stands). The timer pauses while the toast is hovered or focused, so it cannot vanish
 * under the pointer. `onRestored` gets the ids written back, to refresh the list.
 */
export function useUndo(
  service: MemoryManagerService,
  onRestored: (ids: string[]) => void,
  timeoutMs = UNDO_MS,
) {
  const [toast, setToast] = useState<UndoToastState | null>(null);
  const action = useRef<UndoAction | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const restored = useRef(onRestored);
  restored.current = onRestored;

  const clearTimer = () => clearTimeout(timer.current);
  const expireIn = useCallback((ms: number) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      action.current = null;
      setToast(null);
    }, ms);
  }, []);

  useEffect(() => () => clearTimeout(timer.current), []);

  const offer = useCallback(
    (next: UndoAction) => {
      action.current = next;
      setToast({ message: next.message, canUndo: true });
      expireIn(timeoutMs);
    },
    [expireIn, timeoutMs],
  );

  const undo = useCallback(async () => {
    const pending = action.current;
    if (!pending) return;
    action.current = null;
    clearTimer();
    setToast({ message: 'Undoing…', canUndo: false });
    try {
      const ids = await applyUndo(service, pending);
      restored.current(ids);
      const expected = pending.type === 'forget' ? pending.records.length : pending.previous.length;
      const missing = expected - ids.length;
      setToast({
        message:
          pending.type === 'forget'
            ? `Restored ${countMemories(ids.length)}.`
            : missing > 0
              ? `Undone, except for ${countMemories(missing)} forgotten meanwhile.`
              : 'Undone.',
        canUndo: false,
      });
    } catch (error) {
      setToast({
        message: error instanceof Error ? error.message : String(error),
        canUndo: false,
        error: true,
      });
    }
    expireIn(4000);
  }, [service, expireIn]);

  const dismiss = useCallback(() => {
    action.current = null;
    clearTimer();
    setToast(null);
  }, []);

  return {
    toast,
    offer,
    undo,
    dismiss,
    /** Stop the countdown while the person is at the toast. */
    pause: clearTimer,
    /** Restart the countdown once they leave it. */
    resume: useCallback(() => expireIn(action.current ? timeoutMs : 4000), [expireIn, timeoutMs]),
  };
}
