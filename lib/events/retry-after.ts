/** Reading a receiver's `Retry-After` header (RFC 9110 §10.2.3). */

/**
 * A `Retry-After` header as a delay in ms from `now`: either whole seconds or an HTTP date
 * (RFC 9110 §10.2.3). Undefined when absent or unreadable; 0 when the date has passed.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP date always names a weekday and GMT; Date.parse would also take '5' or '2026'.
  if (!/^[A-Za-z]{3},? .*GMT$/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
