import {
  protocol,
  Envelope,
  type MessageType,
  type ParsedRequestOf,
  type ResponseOf,
  type SenderKind,
} from './protocol';
import { ProtocolError, describeZodError, type Result } from './result';

/** What the router knows about who sent a message (a subset of runtime.MessageSender). */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  /** 0 for a tab's top page; a content script in a frame has another id. */
  frameId?: number;
  tab?: { id?: number; url?: string };
}

/** The sender as the handler sees it, after the router checked it. */
export interface VerifiedSender {
  kind: SenderKind;
  /** The sender's own tab, for content scripts. */
  tabId?: number;
  /**
   * For content scripts: the address of the page the script runs in, as the browser (not
   * the script) reports it, and whether it is the tab's top page.
   */
  url?: string;
  topFrame?: boolean;
}

/** One handler per message type; each receives a request that already passed its schema. */
export type Handlers = {
  [T in MessageType]: (request: ParsedRequestOf<T>, sender: VerifiedSender) => Promise<ResponseOf<T>>;
};

/**
 * Classifies a sender: only this extension's own contexts are accepted. An extension page
 * has a URL under our own origin; a content script runs in a tab on some other origin.
 */
export function classifySender(sender: SenderInfo, ownId: string, ownOrigin: string): VerifiedSender | null {
  if (sender.id !== ownId) return null;
  const url = sender.url ?? sender.origin ?? '';
  if (url.startsWith(ownOrigin)) return { kind: 'extension' };
  if (sender.tab?.id !== undefined && sender.tab.id >= 0) {
    const pageUrl = sender.url ?? sender.tab.url;
    return {
      kind: 'content',
      tabId: sender.tab.id,
      ...(pageUrl === undefined ? {} : { url: pageUrl }),
      topFrame: (sender.frameId ?? 0) === 0,
    };
  }
  return null;
}

/**
 * Builds the receiving side of the protocol: validates the envelope, the sender and the
 * payload, runs the handler, validates its answer, and turns every failure into a typed
 * error result. A refused message never reaches a handler, so it changes nothing.
 */
export function createRouter(handlers: Handlers, identity: { id: string; origin: string }) {
  return async function route(raw: unknown, senderInfo: SenderInfo): Promise<Result<unknown>> {
    const envelope = Envelope.safeParse(raw);
    if (!envelope.success) {
      return {
        ok: false,
        error: { code: 'bad-request', message: `Not a Hearth message: ${describeZodError(envelope.error)}` },
      };
    }
    const type = envelope.data.type;
    if (!Object.hasOwn(protocol, type)) {
      return { ok: false, error: { code: 'unknown-type', message: `Unknown message type "${type}".` } };
    }
    const spec = protocol[type as MessageType];
    const sender = classifySender(senderInfo, identity.id, identity.origin);
    if (!sender || !(spec.from as readonly SenderKind[]).includes(sender.kind)) {
      return {
        ok: false,
        error: { code: 'forbidden', message: `"${type}" is not accepted from this sender.` },
      };
    }
    const request = spec.request.safeParse(envelope.data.payload);
    if (!request.success) {
      return {
        ok: false,
        error: { code: 'bad-request', message: `Invalid "${type}": ${describeZodError(request.error)}` },
      };
    }
    try {
      const handler = handlers[type as MessageType] as (req: unknown, s: VerifiedSender) => Promise<unknown>;
      const value = await handler(request.data, sender);
      const checked = spec.response.safeParse(value);
      if (!checked.success) {
        return {
          ok: false,
          error: {
            code: 'internal',
            message: `"${type}" produced an invalid answer: ${describeZodError(checked.error)}`,
          },
        };
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      // A handler refuses with a ProtocolError and its own code (e.g. forbidden); anything
      // else it threw is a failure on our side.
      if (error instanceof ProtocolError)
        return { ok: false, error: { code: error.code, message: error.message } };
      return {
        ok: false,
        error: { code: 'internal', message: error instanceof Error ? error.message : String(error) },
      };
    }
  };
}
