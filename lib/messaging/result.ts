import { z } from 'zod';

/** Why a message was refused or failed; the same codes on every side of the protocol. */
export const ErrorCode = z.enum(['bad-request', 'forbidden', 'unknown-type', 'internal', 'unavailable']);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** An error as it crosses between contexts: a code for code and a message for people. */
export const ProtocolErrorShape = z.object({ code: ErrorCode, message: z.string() });
export type ProtocolErrorShape = z.infer<typeof ProtocolErrorShape>;

/** Every reply is a result: never a bare value, never a silent `undefined`. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ProtocolErrorShape };

/** The wire schema of a reply carrying `value`. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ProtocolErrorShape }),
  ]);
}

/** A failed reply turned back into an exception on the asking side. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Shortens zod's issues into one line that names the field that is wrong. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(message)'}: ${issue.message}`)
    .join('; ');
}
