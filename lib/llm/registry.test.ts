import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../../test/support/scripted-llm-server';
import { createEngine } from './registry';
import { createSecretStore } from '../settings/secrets';
import { openHearthDb } from '../db/open';
import { DEFAULT_SETTINGS } from '../settings/schema';

let server: ScriptedLlmServer;
beforeEach(async () => {
  server = await startScriptedLlmServer();
});
afterEach(async () => {
  await server.close();
});

async function chat(secretKey: string, settingsKey = '') {
  const name = `registry-${crypto.randomUUID()}`;
  const secrets = createSecretStore(() => openHearthDb({ name }));
  await secrets.set('openai.apiKey', secretKey);
  const engine = await createEngine(
    'openai',
    {
      ...DEFAULT_SETTINGS.engine,
      openai: { baseUrl: server.baseUrl, apiKey: settingsKey, model: 'test-model' },
    },
    secrets,
  );
  await engine.load('test-model');
  for await (const _delta of engine.stream([{ role: 'user', content: 'hi' }])) void _delta;
  return server.chatRequests().at(-1)?.authorization;
}

describe('the engine registry', () => {
  it('sends the API key kept in the secret store', async () => {
    expect(await chat('sk-from-secret-store')).toBe('Bearer sk-from-secret-store');
  });

  it('sends no key when the secret store has none, whatever a settings object carries', async () => {
    expect(await chat('', 'sk-stale-copy')).toBeUndefined();
  });
});
