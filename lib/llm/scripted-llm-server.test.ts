import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../../test/support/scripted-llm-server';

// The e2e tests lean on the scripted server from an extension origin; these pin what they need.
let server: ScriptedLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('scripted LLM server', () => {
  it('answers a CORS preflight from an extension page', async () => {
    server = await startScriptedLlmServer();
    const res = await fetch(`${server.baseUrl}/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://abcdefghijklmnop',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
  });

  it('answers a non-streaming request with one JSON completion, echoing by default', async () => {
    server = await startScriptedLlmServer();
    const res = await post(`${server.baseUrl}/chat/completions`, {
      model: 'tiny',
      messages: [{ role: 'user', content: 'ping' }],
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const json = (await res.json()) as { choices: { message: { content: string } }[] };
    expect(json.choices[0]?.message.content).toBe('You said: ping');
    expect(server.requests[0]?.body).toMatchObject({ model: 'tiny' });
  });

  it('plays queued scripts in order, then the default', async () => {
    server = await startScriptedLlmServer();
    server.enqueue({ kind: 'status', status: 500 }, { kind: 'reply', text: 'second' });
    server.setDefault({ kind: 'reply', text: 'fallback' });
    const body = { messages: [] };
    const statuses = [];
    const texts = [];
    for (let i = 0; i < 3; i++) {
      const res = await post(`${server.baseUrl}/chat/completions`, body);
      statuses.push(res.status);
      texts.push(await res.text());
    }
    expect(statuses).toEqual([500, 200, 200]);
    expect(texts[0]).toContain('Scripted error 500');
    expect(texts[1]).toContain('second');
    expect(texts[2]).toContain('fallback');
  });

  it('lists configurable models', async () => {
    server = await startScriptedLlmServer({ models: [{ id: 'big', context_length: 131072 }] });
    const json = (await (await fetch(`${server.baseUrl}/models`)).json()) as { data: unknown[] };
    expect(json.data).toEqual([{ object: 'model', id: 'big', context_length: 131072 }]);
  });

  it('closes while a request hangs, failing that request', async () => {
    server = await startScriptedLlmServer();
    server.enqueue({ kind: 'hang' });
    const pending = post(`${server.baseUrl}/chat/completions`, { messages: [] }).then(
      () => 'answered',
      () => 'failed',
    );
    await expect.poll(() => server?.requests.length).toBe(1);
    await server.close();
    server = undefined;
    expect(await pending).toBe('failed');
  });
});
