/** What went wrong with storage, in a form the UI can put into words. */
export type StorageErrorKind = 'quota' | 'migration' | 'downgrade' | 'aborted' | 'corrupt' | 'unknown';

/** A storage failure with a message written for the person using Hearth. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly kind: StorageErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function isQuotaError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const name = (error as { name?: unknown }).name;
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  // An aborted transaction carries the request's error that aborted it.
  const inner = (error as { error?: unknown; cause?: unknown }).error ?? (error as { cause?: unknown }).cause;
  return inner !== error && inner !== undefined ? isQuotaError(inner) : false;
}

/**
 * Turns whatever IndexedDB threw into a StorageError. A full disk gets its own words,
 * because it is the one failure the person can do something about.
 */
export function toStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  if (isQuotaError(error)) {
    return new StorageError(
      'quota',
      'Your disk is full or the browser refused more storage, so this was not saved. Nothing was half-written: free some space and try again.',
      { cause: error },
    );
  }
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'AbortError') {
    return new StorageError('aborted', 'Saving was interrupted, so nothing was changed. Try again.', {
      cause: error,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageError('unknown', `Hearth couldn't read or write its storage (${detail}).`, {
    cause: error,
  });
}
