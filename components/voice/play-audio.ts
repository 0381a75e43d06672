import { SpeechError, abortError } from '../../lib/voice/speech-engine';

/**
 * Plays audio a speech server sent, in the panel, from a blob URL (never the server's own
 * URL), and revokes it afterwards. Resolves when it ends; an abort pauses it at once.
 */
export function playAudio(audio: Blob, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortError());
  const url = URL.createObjectURL(audio);
  const element = new Audio(url);
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error | DOMException) => {
      signal.removeEventListener('abort', onAbort);
      element.pause();
      URL.revokeObjectURL(url);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => done(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    element.onended = () => done();
    element.onerror = () => done(new SpeechError('The speech audio could not be played.'));
    element.play().catch((error: unknown) => {
      if (!signal.aborted) done(new SpeechError(`The speech audio could not be played (${String(error)}).`));
    });
  });
}
