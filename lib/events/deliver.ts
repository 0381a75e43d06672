import { classifyFailure, classifyResponse, type AttemptOutcome } from './delivery-outcome';
import type { HearthEvent } from './event-types';
import { encodeWebhookBody } from './webhook-body';
import { secretsInUse, WebhookSecretError, type SigningSecrets } from './webhook-secret';
import { signWebhook, type WebhookHeaders } from './webhook-signature';

/**
 * One webhook attempt: sign the event's body, POST it, and classify what came back. Never
 * throws for what the network or the receiver does; the caller feeds the outcome to
 * `nextAttempt` (retry-schedule.ts) and stores the new state. fetch and the clock are injected:
 * the background passes the real ones, tests a real fetch against a loopback server.
 */

/** The request timeout: Standard Webhooks suggests receivers answer within seconds. */
export const DEFAULT_TIMEOUT_MS = 15_000;
/** How much of a failing response's body is kept for the reason shown to the user. */
const DETAIL_CHARS = 300;

/** What `deliver` needs from the world. */
export interface DeliverDeps {
  fetch: typeof fetch;
  /** Epoch ms; the signature's timestamp and Retry-After dates are read against it. */
  now(): number;
  /** Abort the request after this long (default ~15 s). Covers reading the reply, too. */
  timeoutMs?: number;
}

/** Where and with what an event is sent. */
export interface DeliveryTarget {
  url: string;
  secrets: SigningSecrets;
}

/** One attempt's result: its outcome and, when a request was made, the headers it carried. */
export interface DeliveryAttempt {
  outcome: AttemptOutcome;
  headers?: WebhookHeaders;
}

/** Sends `event` to `target` once. The `webhook-id` is the event's idempotency key. */
export async function deliver(
  target: DeliveryTarget,
  event: HearthEvent,
  deps: DeliverDeps,
): Promise<DeliveryAttempt> {
  const now = deps.now();
  const body = encodeWebhookBody(event);
  let headers: WebhookHeaders;
  try {
    headers = await signWebhook({
      id: event.idempotencyKey,
      timestamp: Math.floor(now / 1000),
      body,
      secrets: secretsInUse(target.secrets, now),
    });
  } catch (error) {
    // A corrupt stored secret: nothing can be sent, and retrying will not mend it. Dead-lettered
    // (not lost), so it can be replayed once the user rotates the secret.
    if (!(error instanceof WebhookSecretError)) throw error;
    return { outcome: { kind: 'dead', code: 'bad-secret', reason: `${error.message} Rotate the secret.` } };
  }

  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  try {
    const res = await deps.fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      redirect: 'manual',
      credentials: 'omit',
      cache: 'no-store',
      signal: controller.signal,
    });
    // A success's body is not needed; a failure's first lines explain it in the dead-letter
    // list. Reading them runs under the same timer, and a timeout there keeps the status.
    const wantDetail = res.status >= 400;
    const detail = wantDetail ? await readStart(res) : '';
    if (!wantDetail) await res.body?.cancel().catch(() => undefined);
    return { outcome: classifyResponse(res, deps.now(), detail), headers };
  } catch (error) {
    return { outcome: classifyFailure(error, timedOut ? timeoutMs : undefined), headers };
  } finally {
    clearTimeout(timer);
    if (!controller.signal.aborted) controller.abort();
  }
}

/** The first characters of a body, without reading more than needed. */
async function readStart(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < DETAIL_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // The body failing (or the timer firing) mid-read costs only the detail, not the status.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, DETAIL_CHARS);
}
