import type { Prosody, ProsodyRanges } from './prosody';

/** A voice an engine offers, as the settings list it. */
export interface VoiceOption {
  id: string;
  label: string;
  /** The voice is made on a remote service by the browser (e.g. Chrome's Google voices). */
  remote?: boolean;
}

/** One piece of speech to say. */
export interface SpeechPiece {
  text: string;
  prosody: Prosody;
  /** The persona's chosen voice; null = the engine's default. */
  voice: string | null;
}

/**
 * A way to speak, chosen in one place (lib/voice/speech-registry.ts) like the chat engines:
 * the browser's speechSynthesis or an OpenAI-compatible `/v1/audio/speech` server.
 */
export interface SpeechEngine {
  readonly id: 'browser' | 'openai';
  /** What the engine accepts; prosody is clamped to these. */
  readonly ranges: ProsodyRanges;
  voices(): Promise<VoiceOption[]>;
  /** Says one piece; resolves when it has been said, rejects with an AbortError when `signal` aborts. */
  speak(piece: SpeechPiece, signal: AbortSignal): Promise<void>;
}

/** An error from a speech engine, in words the panel can show. */
export class SpeechError extends Error {
  override name = 'SpeechError';
}

/** The error a speak() rejects with when it was interrupted. */
export function abortError(): DOMException {
  return new DOMException('Speech was interrupted.', 'AbortError');
}
