import type { ScriptedLlmServer } from '../support/scripted-llm-server';
import { expect, openSidePanel, screenshot, test } from './fixtures';
import { PanelPage } from './pages/panel';

async function readyPanel(
  context: Parameters<typeof openSidePanel>[0],
  extensionId: string,
  llm: ScriptedLlmServer,
) {
  const page = await openSidePanel(context, extensionId);
  await page.setViewportSize({ width: 420, height: 820 });
  const panel = new PanelPage(page);
  await expect(page.getByRole('heading', { name: 'Welcome to Hearth' })).toBeVisible();
  await panel.connectEndpoint(llm.baseUrl, 'test-model');
  await panel.waitForEngine();
  return panel;
}

test('first run: connect an endpoint, then chat with a streamed reply', async ({
  context,
  extensionId,
  llm,
}) => {
  const page = await openSidePanel(context, extensionId);
  await page.setViewportSize({ width: 420, height: 820 });
  await expect(page.getByRole('heading', { name: 'Welcome to Hearth' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /WebGPU|software/ })).toBeVisible();
  await screenshot(page, 'first-run');
  const panel = new PanelPage(page);
  await panel.connectEndpoint(llm.baseUrl, 'test-model');
  await panel.waitForEngine();

  llm.enqueue({ kind: 'reply', text: 'Hello **friend**, nice to meet you.', chunkSize: 4, delayMs: 15 });
  await panel.send('Hi there');
  await expect(panel.userMessages().last()).toContainText('Hi there');
  await expect(panel.lastReply().locator('strong')).toHaveText('friend');
  await panel.waitForIdle();
  const request = llm.chatRequests().at(-1)!;
  const body = request.body as {
    model: string;
    stream: boolean;
    messages: { role: string; content: string }[];
  };
  expect(body.model).toBe('test-model');
  expect(body.stream).toBe(true);
  expect(body.messages[0]!.role).toBe('system');
  expect(body.messages[0]!.content).toContain('Ember');
  // The user's message last, followed by the persona's reminder (marked as not the user's).
  expect(body.messages.at(-1)).toEqual({
    role: 'user',
    content: expect.stringMatching(
      /^Hi there\n\n\(Note from Hearth, not from the user: Stay in character as Ember/,
    ),
  });
  await screenshot(page, 'chat');
});

test('Shift+Enter makes a new line and Enter sends', async ({ context, extensionId, llm }) => {
  const panel = await readyPanel(context, extensionId, llm);
  await panel.composer.fill('line one');
  await panel.composer.press('Shift+Enter');
  await panel.composer.pressSequentially('line two');
  await expect(panel.composer).toHaveValue('line one\nline two');
  await panel.composer.press('Enter');
  await expect(panel.userMessages().last()).toHaveText(/line one\s*line two/);
  await expect(panel.composer).toHaveValue('');
});

test('stop keeps the partial reply; regenerate replaces it', async ({ context, extensionId, llm }) => {
  const panel = await readyPanel(context, extensionId, llm);
  llm.enqueue({ kind: 'reply', text: 'word '.repeat(400), chunkSize: 5, delayMs: 30 });
  await panel.send('Tell me a long story');
  await expect(panel.lastReply()).toContainText('word word');
  await panel.page.getByRole('button', { name: 'Stop' }).click();
  await panel.waitForIdle();
  await expect(panel.lastReply()).toContainText('Stopped');
  const closed = llm.chatRequests().at(-1)!;
  await expect.poll(() => closed.closedEarly).toBe(true);

  llm.enqueue({ kind: 'reply', text: 'A short story instead.' });
  await panel.page.getByRole('button', { name: 'Regenerate reply' }).click();
  await expect(panel.lastReply()).toContainText('A short story instead.');
  await panel.waitForIdle();
  // The greeting that opened the conversation, and the one reply.
  await expect(panel.log.locator('article.msg-assistant:not(.msg-greeting)')).toHaveCount(1);
  await expect(panel.log.getByText('Stopped')).toHaveCount(0);
});

test('edit and resend replaces the message and everything after it', async ({
  context,
  extensionId,
  llm,
}) => {
  const panel = await readyPanel(context, extensionId, llm);
  llm.enqueue({ kind: 'reply', text: 'About cats.' });
  await panel.send('Tell me about cats');
  await expect(panel.lastReply()).toContainText('About cats.');
  await panel.waitForIdle();

  llm.enqueue({ kind: 'reply', text: 'About dogs.' });
  await panel.userMessages().last().getByRole('button', { name: 'Edit message' }).click();
  await panel.page.getByRole('textbox', { name: 'Edit message' }).fill('Tell me about dogs');
  await panel.page.getByRole('button', { name: 'Save and resend' }).click();
  await expect(panel.lastReply()).toContainText('About dogs.');
  await panel.waitForIdle();
  await expect(panel.userMessages()).toHaveCount(1);
  await expect(panel.userMessages().first()).toContainText('Tell me about dogs');
  await expect(panel.log.getByText('About cats.')).toHaveCount(0);
  const last = llm.chatRequests().at(-1)!;
  const messages = (last.body as { messages: { content: string }[] }).messages;
  expect(messages.map((m) => m.content)).not.toContain('About cats.');
});

test('markdown from the model never runs script (XSS payloads streamed)', async ({
  context,
  extensionId,
  llm,
}) => {
  const panel = await readyPanel(context, extensionId, llm);
  const payload = [
    '<script>window.__xss = 1</script>',
    '<img src=x onerror="window.__xss = 2">',
    '[click me](javascript:window.__xss=3)',
    '<iframe srcdoc="<script>parent.__xss=4</script>"></iframe>',
    '<svg onload="window.__xss=5"></svg>',
    '**still bold**',
  ].join('\n\n');
  llm.enqueue({ kind: 'reply', text: payload, chunkSize: 3 });
  await panel.send('show me html');
  await expect(panel.lastReply().locator('strong')).toHaveText('still bold');
  await panel.waitForIdle();
  const reply = panel.lastReply();
  await expect(reply.locator('script, img, iframe, svg')).toHaveCount(0);
  await expect(reply).toContainText('<script>window.__xss = 1</script>');
  const link = reply.getByRole('link', { name: 'click me' });
  expect(await link.count()).toBe(0);
  await panel.page.waitForTimeout(200);
  expect(await panel.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test.describe('endpoint failures are explained and the panel keeps working', () => {
  const cases = [
    {
      name: 'a cut stream',
      script: { kind: 'cut', text: 'Partial answer that', afterChars: 12 },
      expected: /cut off/i,
    },
    { name: '401', script: { kind: 'status', status: 401 }, expected: /API key/i },
    {
      name: '404',
      script: { kind: 'status', status: 404 },
      expected: /Nothing found at .*Check the address/,
    },
    {
      name: '500',
      script: { kind: 'status', status: 500, body: '{"error":{"message":"model crashed"}}' },
      expected: /model crashed/,
    },
    {
      name: 'a non-JSON reply',
      script: { kind: 'not-json' },
      expected: /didn't answer like an OpenAI-compatible API/,
    },
  ] as const;
  for (const c of cases) {
    test(c.name, async ({ context, extensionId, llm }) => {
      const panel = await readyPanel(context, extensionId, llm);
      llm.enqueue(c.script);
      await panel.send('hello?');
      await expect(panel.lastReply().getByRole('alert')).toHaveText(c.expected);
      await panel.waitForIdle();
      llm.enqueue({ kind: 'reply', text: 'Back again.' });
      await panel.send('and now?');
      await expect(panel.lastReply()).toContainText('Back again.');
    });
  }

  test('an error that ends a reply is scrolled into view, above the composer', async ({
    context,
    extensionId,
    llm,
  }) => {
    const panel = await readyPanel(context, extensionId, llm);
    // A message taller than the panel, then a reply cut off: the error comes after its last token.
    llm.enqueue({ kind: 'cut', text: 'Partial answer that', afterChars: 12 });
    await panel.send('Here is everything on my mind today. '.repeat(60));
    const error = panel.lastReply().getByRole('alert');
    await expect(error).toHaveText(/cut off/i);
    expect(await panel.log.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    await expect(error).toBeInViewport({ ratio: 1 });
    await screenshot(panel.page, 'chat-error-in-view');
  });

  test('unreachable server on first run', async ({ context, extensionId, llm }) => {
    const page = await openSidePanel(context, extensionId);
    const panel = new PanelPage(page);
    const form = page.getByRole('form', { name: 'Your own server' });
    await form.getByRole('textbox', { name: 'Server URL' }).fill('http://127.0.0.1:9/v1');
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect(form.getByRole('alert')).toHaveText(/reach/i);
    await panel.connectEndpoint(llm.baseUrl, 'test-model');
    await panel.waitForEngine();
  });

  test('a slow first token still arrives and can be stopped', async ({ context, extensionId, llm }) => {
    const panel = await readyPanel(context, extensionId, llm);
    llm.enqueue({ kind: 'reply', text: 'Finally here.', firstTokenDelayMs: 1500 });
    await panel.send('slow?');
    await expect(panel.page.getByRole('button', { name: 'Stop' })).toBeVisible();
    await expect(panel.lastReply()).toContainText('Finally here.');
  });
});

test('Stop shows from the moment a message is stored, and the next message goes once the long reply is done', async ({
  context,
  extensionId,
  llm,
}) => {
  const panel = await readyPanel(context, extensionId, llm);
  llm.enqueue({ kind: 'reply', text: 'A long first answer. '.repeat(120), chunkSize: 8, delayMs: 2 });
  await panel.send('First');
  await expect(panel.page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await panel.waitForIdle();
  await expect(panel.lastReply()).toHaveAttribute('data-status', 'complete');
  llm.enqueue({ kind: 'reply', text: 'Second answer.' });
  await panel.send('Second');
  await expect(panel.userMessages().last()).toContainText('Second');
  await expect(panel.lastReply()).toContainText('Second answer.');
});
