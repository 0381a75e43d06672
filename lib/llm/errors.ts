/** Why an engine call failed, as a stable code the UI can branch on. */
export type EngineErrorCode =
  | 'unreachable'
  | 'unauthorized'
  | 'not-found'
  | 'bad-response'
  | 'stream-cut'
  | 'timeout'
  | 'aborted'
  | 'no-webgpu'
  | 'unsupported-model'
  | 'out-of-memory'
  | 'device-lost'
  | 'download-failed'
  | 'unavailable'
  | 'not-loaded'
  | 'permission-denied'
  | 'context-overflow'
  /** The reply passed a size or time cap, or a line of it was absurdly long. */
  | 'too-large'
  /** The server answered with a redirect, which is never followed. */
  | 'redirected';

/**
 * Every engine failure crosses into the UI as an EngineError: `message` is written for
 * the person using Hearth (it is shown as is), `code` is for code, `cause` keeps the original.
 */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True for an abort the user asked for (stop button, closed panel), not a failure. */
export function isAbort(error: unknown): boolean {
  return (
    (error instanceof EngineError && error.code === 'aborted') ||
    (error instanceof DOMException && error.name === 'AbortError') ||
    (error instanceof Error && error.name === 'AbortError')
  );
}

/** Wraps anything thrown into an EngineError, keeping the one it already is. */
export function toEngineError(error: unknown, fallback: EngineErrorCode = 'bad-response'): EngineError {
  if (error instanceof EngineError) return error;
  if (isAbort(error)) return new EngineError('aborted', 'Stopped.', { cause: error });
  const text = error instanceof Error ? error.message : String(error);
  return new EngineError(fallback, text || 'Something went wrong in the engine.', { cause: error });
}
