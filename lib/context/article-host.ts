/**
 * Where Readability runs for the background: the background of a Chrome extension is a
 * service worker without a DOM, so the snapshot goes to an offscreen document (reason
 * DOM_PARSER) made on first use; Firefox's background is a page with a DOM parser and reads
 * in place. Pure: the browser calls come in through {@link OffscreenApi}.
 */
import { readArticle, type PageRead, type ParseHtml } from './extract/article';
import type { PageVisible } from '../messaging/protocol';

/** The message that carries a snapshot to the offscreen document. */
const KIND = 'hearth/offscreen-article';

/** The offscreen calls the host needs (chrome.offscreen and runtime.sendMessage). */
export interface OffscreenApi {
  hasDocument(): Promise<boolean>;
  createDocument(): Promise<void>;
  send(message: unknown): Promise<unknown>;
}

/** Runs Readability on a snapshot in an offscreen document, creating it once. */
export function createOffscreenArticleHost(api: OffscreenApi): (snapshot: PageVisible) => Promise<PageRead> {
  let creating: Promise<void> | null = null;
  const ensure = async () => {
    // A document being created already "exists" before its script listens: wait for it.
    if (creating) return creating;
    if (await api.hasDocument()) return;
    // Two snapshots at once must not both create it: the second creation would throw. One
    // that checked before the first finished may still try: its error is only an error if
    // there is still no document.
    creating ??= api
      .createDocument()
      .catch(async (error: unknown) => {
        if (!(await api.hasDocument())) throw error;
      })
      .finally(() => (creating = null));
    await creating;
  };
  return async (snapshot) => {
    await ensure();
    let reply: { ok?: boolean; read?: PageRead; error?: string } | undefined;
    // A document that has only just loaded may not listen yet: ask again, briefly.
    for (let attempt = 0; attempt < 4 && !reply?.ok; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      reply = (await api.send({ kind: KIND, snapshot }).catch((error: unknown) => ({
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      }))) as typeof reply;
    }
    if (!reply?.ok || !reply.read || typeof reply.read.text !== 'string') {
      throw new Error(`The page reader document did not answer: ${reply?.error ?? 'no reply'}`);
    }
    return reply.read;
  };
}

/** Reads in place, where the context has a DOM parser (Firefox's background page). */
export function createInPlaceArticleHost(parse: ParseHtml): (snapshot: PageVisible) => Promise<PageRead> {
  return async (snapshot) => readArticle(snapshot, parse);
}

/**
 * The offscreen document's listener: answers a snapshot with its article; any other
 * message is not for it (returns false so another listener may answer).
 */
export function answerArticleRequest(
  message: unknown,
  parse: ParseHtml,
  reply: (answer: unknown) => void,
): boolean {
  const request = message as { kind?: unknown; snapshot?: PageVisible } | null;
  if (request?.kind !== KIND || !request.snapshot || typeof request.snapshot.html !== 'string') return false;
  try {
    reply({ ok: true, read: readArticle(request.snapshot, parse) });
  } catch (error) {
    reply({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
  return false;
}
