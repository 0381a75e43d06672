import type { ChatEngine, EngineKind } from './engine';
import type { EngineSettings } from '../settings/schema';
import { createOpenAiEngine } from './openai-compatible';
import { createChromeBuiltinEngine } from './chrome-builtin';
import { createSecretStore, type SecretStore } from '../settings/secrets';

/** What each engine is, in the words the engine pickers use. */
export const ENGINE_LABELS: Record<EngineKind, { title: string; blurb: string }> = {
  webllm: {
    title: 'On this device',
    blurb: 'Private: the model runs on your GPU and nothing leaves this computer. A one-time download.',
  },
  openai: {
    title: 'Your own server',
    blurb: 'Ollama, LM Studio, llama.cpp, vLLM or any OpenAI-compatible URL you run or trust.',
  },
  chrome: {
    title: "Chrome's built-in model",
    blurb: 'Gemini Nano, built into some versions of Chrome. Runs on this device.',
  },
};

/**
 * The one place an engine is chosen and built from settings. web-llm is imported only
 * when it is chosen: its runtime is large and the panel's first load must not carry it.
 * The endpoint's API key is read from the secret store (lib/settings/secrets.ts), where
 * only Hearth's own pages can read it, not taken from the settings object.
 */
export async function createEngine(
  kind: EngineKind,
  settings: EngineSettings,
  secrets: Pick<SecretStore, 'get'> = createSecretStore(),
): Promise<ChatEngine> {
  switch (kind) {
    case 'openai':
      return createOpenAiEngine({
        baseUrl: settings.openai.baseUrl,
        apiKey: (await secrets.get('openai.apiKey')) || undefined,
        model: settings.openai.model || undefined,
      });
    case 'chrome':
      return createChromeBuiltinEngine();
    case 'webllm': {
      const { createWebLlmEngine } = await import('./webllm/engine');
      return createWebLlmEngine();
    }
  }
}

/** The model an engine should load according to settings, if one was chosen. */
export function selectedModel(kind: EngineKind, settings: EngineSettings): string | null {
  if (kind === 'openai') return settings.openai.model || null;
  if (kind === 'webllm') return settings.webllm.modelId;
  return 'chrome-builtin';
}
