import { Webhook } from 'standardwebhooks';
import type { Page } from '@playwright/test';
import { expect, openOptions, stopServiceWorker, test } from './fixtures';
import { openConnectedPanel } from './pages/panel';
import {
  startWebhookReceiver,
  type ReceivedRequest,
  type WebhookReceiver,
} from '../support/webhook-receiver';

// Webhooks end to end (issue 10): the options page adds an endpoint on a loopback receiver,
// the panel's chat writes events, the background delivers them. The e2e build holds a
// delivery's lease 5 s (4 s request timeout) so a killed worker's delivery is retried soon.

let receiver: WebhookReceiver;
test.beforeEach(async () => {
  receiver = await startWebhookReceiver();
});
test.afterEach(async () => {
  await receiver.close();
});

/** Adds an endpoint for the message events from the options page; returns the secret it showed once. */
async function addEndpoint(options: Page, path = '/hooks'): Promise<string> {
  const section = options.getByTestId('webhooks');
  await section.getByLabel('Webhook address').fill(`${receiver.url}${path}`);
  await section.getByRole('checkbox', { name: /You sent a message/ }).check();
  await section.getByRole('checkbox', { name: /The companion replied/ }).check();
  await section.getByRole('button', { name: 'Add endpoint' }).click();
  const secret = (await section.getByTestId('webhook-secret').textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  await section.getByRole('button', { name: 'I have saved it' }).click();
  await expect(section.getByTestId('webhook-secret')).toHaveCount(0);
  return secret;
}

function verify(secret: string, req: ReceivedRequest): { type: string; idempotencyKey: string } {
  return new Webhook(secret).verify(req.body, req.headers as Record<string, string>) as {
    type: string;
    idempotencyKey: string;
  };
}

const keys = () => receiver.requests.map((r) => String(r.headers['webhook-id']));

test('events reach the receiver with valid Standard Webhooks signatures; a test delivery says how it went', async ({
  context,
  extensionId,
  llm,
}) => {
  const options = await openOptions(context, extensionId);
  const secret = await addEndpoint(options);
  const row = options.getByRole('listitem', { name: `Webhook ${receiver.url}/hooks` });
  await row.getByRole('button', { name: 'Send a test event' }).click();
  await expect(row.getByTestId('webhook-test-result')).toHaveText('Delivered: the receiver answered 200.');

  const panel = await openConnectedPanel(context, extensionId, llm);
  await panel.send('Hello there');
  await panel.waitForIdle();
  await expect.poll(() => receiver.requests.length).toBe(3);
  const bodies = receiver.requests.map((req) => verify(secret, req));
  expect(bodies.map((b) => b.type)).toEqual(['webhook.test', 'message.sent', 'message.received']);
  expect(receiver.requests.every((r) => r.path === '/hooks')).toBe(true);
  // Thin payloads: the message's words never leave.
  expect(receiver.requests.map((r) => r.body.toString()).join('')).not.toContain('Hello there');
});

test('killing the worker mid-delivery loses nothing and sends nothing twice under another key', async ({
  context,
  extensionId,
  llm,
}) => {
  const options = await openOptions(context, extensionId);
  const secret = await addEndpoint(options);
  receiver.enqueue({ kind: 'hang' }); // the first delivery never gets an answer
  const panel = await openConnectedPanel(context, extensionId, llm);
  await panel.send('First message');
  await panel.waitForIdle();
  await expect.poll(() => receiver.requests.length).toBeGreaterThanOrEqual(1);
  await stopServiceWorker(context, extensionId); // mid-delivery: the hung request's answer is lost

  // Once the dead worker's lease has run out, the next pass (woken by the next event) resends it.
  await panel.page.waitForTimeout(6_000);
  await panel.send('Second message');
  await panel.waitForIdle();
  await expect.poll(() => new Set(keys()).size, { timeout: 20_000 }).toBe(4);

  const bodies = receiver.requests.map((req) => verify(secret, req));
  expect(new Set(bodies.map((b) => b.type))).toEqual(new Set(['message.sent', 'message.received']));
  // The hung delivery came again under its own key, with the same event; nothing else repeated.
  const counts = new Map<string, number>();
  for (const key of keys()) counts.set(key, (counts.get(key) ?? 0) + 1);
  expect([...counts.values()].sort()).toEqual([1, 1, 1, 2]);
  const repeated = [...counts].find(([, n]) => n === 2)![0];
  const sent = receiver.requests
    .filter((r) => r.headers['webhook-id'] === repeated)
    .map((r) => JSON.parse(r.body.toString()).id);
  expect(new Set(sent).size).toBe(1);
  expect(repeated).toBe(keys()[0]);
});

test('a 410 disables the endpoint, and the options page says why', async ({ context, extensionId, llm }) => {
  const options = await openOptions(context, extensionId);
  await addEndpoint(options);
  receiver.enqueue({ kind: 'status', status: 410, body: 'unsubscribed' });
  const panel = await openConnectedPanel(context, extensionId, llm);
  await panel.send('Anyone there?');
  await panel.waitForIdle();
  const row = options.getByRole('listitem', { name: `Webhook ${receiver.url}/hooks` });
  await expect(row.getByTestId('webhook-state')).toHaveText('Disabled');
  await expect(row).toContainText('410');
  await expect(row).toContainText('unsubscribed');
  await expect(options.getByTestId('dead-letter').first()).toBeVisible();
});

test('a dead letter is listed with its reason and replayed from the options page under the same key', async ({
  context,
  extensionId,
  llm,
}) => {
  const options = await openOptions(context, extensionId);
  const secret = await addEndpoint(options);
  receiver.enqueue(
    { kind: 'redirect', location: 'http://127.0.0.1:9/moved' },
    { kind: 'redirect', location: 'http://127.0.0.1:9/moved' },
  );
  const panel = await openConnectedPanel(context, extensionId, llm);
  await panel.send('Redirect me');
  await panel.waitForIdle();
  const letters = options.getByTestId('dead-letter');
  await expect(letters).toHaveCount(2);
  await expect(letters.first().getByTestId('dead-letter-reason')).toContainText('does not follow redirects');
  const before = receiver.requests.length;
  await letters.first().getByRole('button', { name: 'Replay' }).click();
  await expect(letters).toHaveCount(1);
  await expect.poll(() => receiver.requests.length).toBe(before + 1);
  const replayed = receiver.requests.at(-1)!;
  expect(keys().slice(0, before)).toContain(String(replayed.headers['webhook-id']));
  expect(verify(secret, replayed).idempotencyKey).toBe(replayed.headers['webhook-id']);
  // The replay reached the receiver and was answered 2xx: no dead letter comes back for it.
  await options.reload();
  await expect(options.getByTestId('dead-letter')).toHaveCount(1);
});

test('a delivery cut off by closing the browser is sent after it starts again, under the same key', async ({
  context,
  extensionId,
  llm,
  restartBrowser,
}) => {
  const options = await openOptions(context, extensionId);
  const secret = await addEndpoint(options);
  receiver.enqueue({ kind: 'hang' }, { kind: 'hang' }); // neither message event is answered
  const panel = await openConnectedPanel(context, extensionId, llm);
  await panel.send('Before the restart');
  await panel.waitForIdle();
  await expect.poll(() => receiver.requests.length).toBe(2);

  const relaunched = await restartBrowser();
  // Nothing in the new browser writes an event: the worker's start (and its alarm) resume on
  // their own from what IndexedDB holds, once the old attempts' leases have expired.
  await openOptions(relaunched.context, relaunched.extensionId);
  await expect.poll(() => new Set(keys()).size).toBe(2);
  await expect.poll(() => receiver.requests.length, { timeout: 45_000 }).toBe(4);
  expect(keys().slice(2).sort()).toEqual(keys().slice(0, 2).sort());
  for (const req of receiver.requests)
    expect(verify(secret, req).idempotencyKey).toBe(req.headers['webhook-id']);
});
