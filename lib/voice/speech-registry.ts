import { createBrowserSpeech, type BrowserSpeechDeps } from './browser-speech';
import { createOpenAiSpeech, type OpenAiSpeechDeps } from './openai-speech';
import type { SpeechEngine } from './speech-engine';
import type { VoiceSettings } from './voice-settings';

/** What the page gives the engines: the Web Speech API (may be missing) and fetch plus audio playback. */
export type SpeechPlatform = { browser: BrowserSpeechDeps | null } & OpenAiSpeechDeps;

/**
 * The one place a speech engine is chosen, from the voice settings: the browser's own
 * speechSynthesis (the default), or the user's OpenAI-compatible server. Null when the
 * chosen engine cannot work here (no speechSynthesis), with the reason.
 */
export function createSpeechEngine(
  settings: VoiceSettings,
  platform: SpeechPlatform,
): { engine: SpeechEngine } | { engine: null; reason: string } {
  if (settings.engine === 'openai') {
    if (!settings.openai.baseUrl) return { engine: null, reason: 'No speech server address is set.' };
    return { engine: createOpenAiSpeech(settings.openai, platform) };
  }
  if (!platform.browser) return { engine: null, reason: 'This browser has no speech synthesis.' };
  return { engine: createBrowserSpeech(platform.browser) };
}
