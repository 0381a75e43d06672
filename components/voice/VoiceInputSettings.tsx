import { openMicrophonePage } from './open-microphone-page';
import { ServerFields } from './ServerFields';
import type { VoiceSettings } from '../../lib/voice/voice-settings';
import { recognitionNote } from './PushToTalk';

/** Push-to-talk's engine: the browser's recognition (which sends audio online) or the user's server. */
export function VoiceInputSettings({
  settings,
  save,
}: {
  settings: VoiceSettings;
  save: (change: (v: VoiceSettings) => VoiceSettings) => void;
}) {
  return (
    <fieldset class="stack">
      <legend>Push-to-talk</legend>
      <label class="row">
        <input
          type="radio"
          name="listen-engine"
          checked={settings.input.engine === 'browser'}
          onChange={() => save((v) => ({ ...v, input: { ...v.input, engine: 'browser' } }))}
        />
        The browser's speech recognition
      </label>
      <label class="row">
        <input
          type="radio"
          name="listen-engine"
          checked={settings.input.engine === 'openai'}
          onChange={() => save((v) => ({ ...v, input: { ...v.input, engine: 'openai' } }))}
        />
        Your own transcription server (OpenAI-compatible /v1/audio/transcriptions, e.g. whisper.cpp's server)
      </label>
      <p class="muted">{recognitionNote(settings.input)}</p>
      {settings.input.engine === 'openai' && (
        <ServerFields
          kind="Transcription"
          initial={{ baseUrl: settings.input.baseUrl, model: settings.input.model }}
          onUse={(server) => save((v) => ({ ...v, input: { ...v.input, ...server } }))}
        />
      )}
      <p class="muted">
        The side panel cannot ask for the microphone itself.{' '}
        <button type="button" class="link" onClick={() => void openMicrophonePage()}>
          Allow the microphone once, in a tab
        </button>
        ; after that the panel may listen while you press Talk.
      </p>
    </fieldset>
  );
}
