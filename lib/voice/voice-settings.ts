import { z } from 'zod';

/** One persona's voice: spoken or not, and in which voice (null: the engine's default). */
export const PersonaVoice = z.object({
  enabled: z.boolean(),
  voice: z.string().max(512).nullable(),
});
/** One persona's voice choice. */
export type PersonaVoice = z.infer<typeof PersonaVoice>;

/** An OpenAI-compatible server for speech or transcription. */
const AudioServer = z.object({
  baseUrl: z.string().max(2048),
  model: z.string().max(256),
});

/**
 * Voice out and in (settings section `voice`). Per-persona choices are kept here, keyed by
 * persona id, so the persona record stays the personas' own.
 */
export const VoiceSettings = z.object({
  /** Replies are read aloud (for personas whose own toggle is on). */
  enabled: z.boolean(),
  engine: z.enum(['browser', 'openai']),
  openai: AudioServer,
  personas: z
    .record(z.string().min(1).max(200), PersonaVoice)
    .refine((r) => Object.keys(r).length <= 1000, 'At most 1000 personas have their own voice.'),
  /** Push-to-talk: the browser's recognition or a `/v1/audio/transcriptions` server. */
  input: z.object({ engine: z.enum(['browser', 'openai']) }).merge(AudioServer),
});
/** Voice settings. */
export type VoiceSettings = z.infer<typeof VoiceSettings>;

/** Voice settings of a fresh install: off, the browser's own speech. */
export const DEFAULT_VOICE_SETTINGS: VoiceSettings = {
  enabled: false,
  engine: 'browser',
  openai: { baseUrl: 'http://127.0.0.1:8880/v1', model: 'kokoro' },
  personas: {},
  input: { engine: 'browser', baseUrl: 'http://127.0.0.1:8080/v1', model: 'whisper-1' },
};

/** A persona with no choice of its own speaks (when voice is on) in the default voice. */
const PERSONA_DEFAULT: PersonaVoice = { enabled: true, voice: null };

/** The persona's voice choice. */
export function personaVoice(settings: VoiceSettings, personaId: string): PersonaVoice {
  return settings.personas[personaId] ?? PERSONA_DEFAULT;
}

/** Whether replies of this persona are spoken: the global toggle and the persona's own. */
export function voiceOn(settings: VoiceSettings, personaId: string): boolean {
  return settings.enabled && personaVoice(settings, personaId).enabled;
}

/** The settings with one persona's choice changed. */
export function withPersonaVoice(
  settings: VoiceSettings,
  personaId: string,
  change: Partial<PersonaVoice>,
): VoiceSettings {
  return {
    ...settings,
    personas: { ...settings.personas, [personaId]: { ...personaVoice(settings, personaId), ...change } },
  };
}
