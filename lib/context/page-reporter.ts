import { request, type Transport } from '../messaging/client';
import type { PageReport } from '../messaging/protocol';
import { ProtocolError } from '../messaging/result';

/**
 * Sends the content script's report of its page, once more if the background did not
 * answer. A report sent while the service worker is stopped, or as it is being stopped,
 * can fail with "message channel closed" although the worker then starts: the second try
 * reaches the new instance. Recording a report twice is harmless (same tab, same page).
 * A refusal (wrong page, bad input) is an answer, and is not retried.
 */
export async function sendPageReport(
  transport: Transport,
  report: PageReport,
  { retries = 1 }: { retries?: number } = {},
): Promise<{ accepted: boolean }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request(transport, 'page/report', report);
    } catch (error) {
      if (!(error instanceof ProtocolError) || error.code !== 'unavailable' || attempt >= retries)
        throw error;
    }
  }
}
