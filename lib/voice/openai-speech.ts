import type { SpeechEngine, SpeechPiece, VoiceOption } from './speech-engine';
import { SpeechError, abortError } from './speech-engine';

/** Where an OpenAI-compatible speech server is and what to ask it for. */
export interface OpenAiSpeechConfig {
  /** Base URL ending in /v1, e.g. Kokoro-FastAPI's http://127.0.0.1:8880/v1. */
  baseUrl: string;
  model: string;
  apiKey?: string;
}

/** What the engine needs from the page: fetch, and a way to play audio that stops on abort. */
export interface OpenAiSpeechDeps {
  fetch: typeof fetch;
  /** Plays the audio; resolves when it ends, rejects with an AbortError when `signal` aborts. */
  play: (audio: Blob, signal: AbortSignal) => Promise<void>;
}

/** A piece's audio is refused beyond this: a sentence never needs more. */
export const MAX_SPEECH_BYTES = 16 * 1024 * 1024;
/** The voices OpenAI's API names; Kokoro and openedai-speech accept these or their own. */
const OPENAI_VOICES = ['alloy', 'echo', 'fable', 'onyx', 'nova', 'shimmer'];

/** The URL of an endpoint under the server's base URL. */
export function endpointUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/u, '')}/${path}`;
}

/**
 * Speech from an OpenAI-compatible `/v1/audio/speech` server the user runs (Kokoro-FastAPI,
 * openedai-speech, a Piper server with that API). The API has `speed` (0.25–4) and no pitch
 * or volume, so the mood reaches it through rate only. Redirects are refused (the text would
 * go elsewhere); an answer that is not audio, an error status or an oversized body is an
 * error in words.
 */
export function createOpenAiSpeech(config: OpenAiSpeechConfig, deps: OpenAiSpeechDeps): SpeechEngine {
  const url = endpointUrl(config.baseUrl, 'audio/speech');
  return {
    id: 'openai',
    ranges: { rate: [0.25, 4] },
    async voices(): Promise<VoiceOption[]> {
      return OPENAI_VOICES.map((id) => ({ id, label: id }));
    },
    async speak(piece: SpeechPiece, signal: AbortSignal): Promise<void> {
      if (signal.aborted) throw abortError();
      let response: Response;
      try {
        response = await deps.fetch(url, {
          method: 'POST',
          redirect: 'error',
          signal,
          headers: {
            'content-type': 'application/json',
            ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
          },
          body: JSON.stringify({
            model: config.model,
            input: piece.text,
            voice: piece.voice ?? OPENAI_VOICES[0],
            speed: piece.prosody.rate,
            response_format: 'mp3',
          }),
        });
      } catch (error) {
        if (signal.aborted) throw abortError();
        throw new SpeechError(
          `The speech server at ${config.baseUrl} could not be reached (${error instanceof Error ? error.message : String(error)}).`,
        );
      }
      if (!response.ok) {
        const detail = (await response.text().catch(() => '')).slice(0, 200);
        throw new SpeechError(`The speech server answered ${response.status}${detail ? `: ${detail}` : ''}.`);
      }
      const type = response.headers.get('content-type') ?? '';
      if (!/^audio\/|^application\/octet-stream/iu.test(type)) {
        await response.body?.cancel().catch(() => undefined);
        throw new SpeechError(
          `The speech server answered with ${type || 'no content type'}, not audio. Is the URL right?`,
        );
      }
      const declared = Number(response.headers.get('content-length') ?? 0);
      if (declared > MAX_SPEECH_BYTES) {
        await response.body?.cancel().catch(() => undefined);
        throw new SpeechError('The speech server sent more audio than one piece of speech can be.');
      }
      const audio = await response.blob();
      if (audio.size > MAX_SPEECH_BYTES)
        throw new SpeechError('The speech server sent more audio than one piece of speech can be.');
      if (audio.size === 0) throw new SpeechError('The speech server sent no audio.');
      await deps.play(audio, signal);
    },
  };
}
