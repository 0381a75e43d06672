import { Inflate, Unzlib, type FlateStreamHandler } from 'fflate';
import { CardError, formatBytes } from './card-limits';

/** What one import may still inflate, shared by every chunk and zip entry of a file. */
export interface InflateBudget {
  remaining: number;
}

// Compressed input is fed in steps this size, so at most one step's output (deflate expands
// at most ~1032×, so about 4 MB) is ever held past a cap before the import is refused.
const STEP = 4096;

/**
 * Inflates `data` (zlib for PNG zTXt/iTXt, raw deflate for zip entries) with fflate's
 * streaming decoder, refusing as soon as the output passes `max` or the file's budget,
 * whatever the data claims about its own size: a zip bomb is stopped, not inflated.
 */
export function inflateCapped(
  data: Uint8Array,
  options: { zlib: boolean; max: number; budget: InflateBudget; what: string },
): Uint8Array {
  const { max, budget, what } = options;
  const parts: Uint8Array[] = [];
  let total = 0;
  const onData: FlateStreamHandler = (chunk) => {
    total += chunk.length;
    if (total > max) throw new CardError(`${what} inflates to more than ${formatBytes(max)}`);
    if (total > budget.remaining) {
      throw new CardError(
        `${what} inflates past the ${formatBytes(budget.remaining)} left of this file's limit`,
      );
    }
    parts.push(chunk);
  };
  const stream = options.zlib ? new Unzlib(onData) : new Inflate(onData);
  try {
    if (data.length === 0) stream.push(new Uint8Array(0), true);
    for (let i = 0; i < data.length; i += STEP) {
      stream.push(data.subarray(i, i + STEP), i + STEP >= data.length);
    }
  } catch (error) {
    if (error instanceof CardError) throw error;
    throw new CardError(
      `${what} is not valid compressed data (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  budget.remaining -= total;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
