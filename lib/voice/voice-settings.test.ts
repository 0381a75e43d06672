import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VOICE_SETTINGS,
  VoiceSettings,
  personaVoice,
  voiceOn,
  withPersonaVoice,
} from './voice-settings';

describe('voice settings', () => {
  it('is on for a persona only when the global toggle and its own are both on', () => {
    const on = { ...DEFAULT_VOICE_SETTINGS, enabled: true };
    expect(voiceOn(DEFAULT_VOICE_SETTINGS, 'p1')).toBe(false);
    expect(voiceOn(on, 'p1')).toBe(true);
    const quiet = withPersonaVoice(on, 'p1', { enabled: false });
    expect(voiceOn(quiet, 'p1')).toBe(false);
    expect(voiceOn(quiet, 'p2')).toBe(true);
    expect(personaVoice(withPersonaVoice(on, 'p2', { voice: 'nova' }), 'p2')).toEqual({
      enabled: true,
      voice: 'nova',
    });
  });

  it('refuses bad stored values with the field named', () => {
    const bad = VoiceSettings.safeParse({ ...DEFAULT_VOICE_SETTINGS, engine: 'telepathy' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['engine']);
    const badPersona = VoiceSettings.safeParse({
      ...DEFAULT_VOICE_SETTINGS,
      personas: { p: { enabled: 'yes' } },
    });
    expect(badPersona.success).toBe(false);
  });
});
