import type { Imagining } from './use-imagine';

/** A picture being made: progress in words with Cancel. */
export function ImagineBar({ imagining }: { imagining: Imagining }) {
  if (imagining.problem) {
    return (
      <p class="engine-status error" role="alert">
        {imagining.problem}{' '}
        <button type="button" class="link" onClick={imagining.dismiss}>
          Dismiss
        </button>
      </p>
    );
  }
  if (!imagining.progress) return null;
  const { fraction, text } = imagining.progress;
  return (
    <div class="engine-status" role="status" data-testid="imagining">
      <span>{text}</span>
      {fraction !== null && <progress aria-label="Picture progress" max={1} value={fraction} />}{' '}
      <button type="button" class="link" onClick={imagining.cancel}>
        Cancel picture
      </button>
    </div>
  );
}
