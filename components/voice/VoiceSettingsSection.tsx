import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../../lib/settings/schema';
import { updateSettings } from '../../lib/settings/store';
import type { VoiceOption } from '../../lib/voice/speech-engine';
import { createSpeechEngine } from '../../lib/voice/speech-registry';
import { personaVoice, withPersonaVoice, type VoiceSettings } from '../../lib/voice/voice-settings';
import { VoiceInputSettings } from './VoiceInputSettings';
import { ServerFields } from './ServerFields';
import { playAudio } from './play-audio';

/**
 * Voice out: on or off (globally and for this persona), the engine (the browser's own speech
 * or the user's OpenAI-compatible server, whose origin is asked for when it is saved), and
 * this persona's voice. Voice in: see VoiceInputSettings.
 */
export function VoiceSettingsSection({ settings, personaId }: { settings: Settings; personaId: string }) {
  const voice = settings.voice;
  const [error, setError] = useState<string | null>(null);
  const [voices, setVoices] = useState<VoiceOption[]>([]);
  const save = (change: (v: VoiceSettings) => VoiceSettings) =>
    void updateSettings((s) => ({ ...s, voice: change(s.voice) })).then(
      () => setError(null),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  const mine = personaVoice(voice, personaId);

  useEffect(() => {
    const made = createSpeechEngine(voice, {
      browser:
        typeof speechSynthesis === 'undefined'
          ? null
          : { synthesis: speechSynthesis, utterance: (t) => new SpeechSynthesisUtterance(t) },
      fetch: (i, init) => fetch(i, init),
      play: playAudio,
    });
    if (!made.engine) return setVoices([]);
    void made.engine.voices().then(setVoices, () => setVoices([]));
  }, [voice.engine, voice.openai.baseUrl]);

  const remoteVoices = voices.some((v) => v.remote);
  return (
    <form class="stack" aria-label="Voice" onSubmit={(e) => e.preventDefault()}>
      <label class="row">
        <input
          type="checkbox"
          checked={voice.enabled}
          onChange={(e) => {
            const enabled = e.currentTarget.checked;
            save((v) => ({ ...v, enabled }));
          }}
        />
        Read replies aloud
      </label>
      <label class="row">
        <input
          type="checkbox"
          checked={mine.enabled}
          onChange={(e) => {
            const enabled = e.currentTarget.checked;
            save((v) => withPersonaVoice(v, personaId, { enabled }));
          }}
        />
        This persona speaks
      </label>
      <fieldset class="stack">
        <legend>Speech engine</legend>
        <label class="row">
          <input
            type="radio"
            name="speech-engine"
            checked={voice.engine === 'browser'}
            onChange={() => save((v) => ({ ...v, engine: 'browser' }))}
          />
          The browser's own voices (nothing to install)
        </label>
        <label class="row">
          <input
            type="radio"
            name="speech-engine"
            checked={voice.engine === 'openai'}
            onChange={() => save((v) => ({ ...v, engine: 'openai' }))}
          />
          Your own speech server (OpenAI-compatible /v1/audio/speech: Kokoro-FastAPI, openedai-speech, Piper)
        </label>
      </fieldset>
      {voice.engine === 'openai' && (
        <ServerFields
          kind="Speech"
          initial={voice.openai}
          onUse={(server, granted) => {
            save((v) => ({ ...v, openai: { ...v.openai, ...server } }));
            if (!granted)
              setError(
                'Access to the speech server was not granted; it works only if it allows this extension (CORS).',
              );
          }}
        />
      )}
      <label>
        This persona's voice
        <select
          value={mine.voice ?? ''}
          onChange={(e) => {
            const chosen = e.currentTarget.value || null;
            save((v) => withPersonaVoice(v, personaId, { voice: chosen }));
          }}
        >
          <option value="">The default voice</option>
          {voices.map((v) => (
            <option key={v.id} value={v.id}>
              {v.label}
              {v.remote ? ' — made online' : ''}
            </option>
          ))}
        </select>
      </label>
      {remoteVoices && (
        <p class="muted">
          Voices marked “made online” are produced by a service of the browser's maker: the text of each reply
          is sent to it. The others are made on this computer.
        </p>
      )}
      <p class="muted">The mood shapes the voice: sad is slower and lower, excited faster and higher.</p>
      <VoiceInputSettings settings={voice} save={save} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
