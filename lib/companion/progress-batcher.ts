/**
 * Batches a stream's progress for rendering: of the updates that arrive between two
 * frames only the latest is shown, so a reply of thousands of chunks costs a few
 * renders, not one state per chunk. The final update is shown at once.
 */
export function createProgressBatcher<T>(show: (value: T) => void, frame: (render: () => void) => void) {
  let pending: T | null = null;
  return {
    push(value: T) {
      const first = pending === null;
      pending = value;
      if (!first) return;
      frame(() => {
        if (pending === null) return; // the final update came first
        const latest = pending;
        pending = null;
        show(latest);
      });
    },
    final(value: T) {
      pending = null;
      show(value);
    },
  };
}
