import { protocol, type MessageType, type RequestOf, type ResponseOf } from './protocol';
import { ProtocolError, describeZodError, resultSchema } from './result';

/** How a message leaves this context: runtime.sendMessage in the extension, a fake in tests. */
export type Transport = (envelope: unknown) => Promise<unknown>;

/**
 * Sends a typed request and returns the validated response, or throws ProtocolError with
 * the receiver's code and words. A reply that does not match the protocol is an error too.
 */
export async function request<T extends MessageType>(
  transport: Transport,
  type: T,
  payload: RequestOf<T>,
): Promise<ResponseOf<T>> {
  let raw: unknown;
  try {
    raw = await transport({ hearth: 1, type, payload });
  } catch (error) {
    throw new ProtocolError(
      'unavailable',
      `Hearth's background did not answer: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = resultSchema(protocol[type].response).safeParse(raw);
  if (!parsed.success) {
    throw new ProtocolError('internal', `Unexpected reply to "${type}": ${describeZodError(parsed.error)}`);
  }
  if (!parsed.data.ok) throw new ProtocolError(parsed.data.error.code, parsed.data.error.message);
  return parsed.data.value as ResponseOf<T>;
}
