import { useRef, useState } from 'preact/hooks';
import type { VoiceSettings } from '../../lib/voice/voice-settings';
import { ListenError, startListening, type Listening } from './listen';

/** What the composer gives push-to-talk. */
export interface PushToTalkProps {
  input: VoiceSettings['input'];
  /** Called as listening starts: speech stops at once. */
  onStart: () => void;
  /** The words heard, for the composer. */
  onText: (text: string) => void;
}

/** Says plainly where the voice goes: Chrome's recognition sends it to its maker's servers. */
export function recognitionNote(input: VoiceSettings['input']): string {
  return input.engine === 'openai'
    ? `Your voice is sent to your transcription server (${input.baseUrl}).`
    : "The browser's speech recognition sends your voice to its maker's online service (Google, in Chrome) to turn it into text.";
}

/** The composer's microphone button: press to talk, press again to put the words in the box. */
export function PushToTalk({ input, onStart, onText }: PushToTalkProps) {
  const listening = useRef<Listening | null>(null);
  const [phase, setPhase] = useState<'idle' | 'listening' | 'working'>('idle');
  const [problem, setProblem] = useState<ListenError | null>(null);

  const toggle = async () => {
    setProblem(null);
    if (listening.current) {
      const current = listening.current;
      listening.current = null;
      setPhase('working');
      try {
        const text = await current.stop();
        if (text) onText(text);
      } catch (error) {
        setProblem(error instanceof ListenError ? error : new ListenError(String(error)));
      }
      setPhase('idle');
      return;
    }
    onStart();
    try {
      listening.current = await startListening(input);
      setPhase('listening');
    } catch (error) {
      setProblem(error instanceof ListenError ? error : new ListenError(String(error)));
    }
  };

  return (
    <>
      <button
        type="button"
        class="secondary"
        aria-pressed={phase === 'listening'}
        disabled={phase === 'working'}
        title={recognitionNote(input)}
        onClick={() => void toggle()}
      >
        {phase === 'listening' ? 'Done talking' : phase === 'working' ? 'Listening…' : 'Talk'}
      </button>
      {phase === 'listening' && (
        <p class="muted composer-problem" role="status">
          Listening. {recognitionNote(input)}
        </p>
      )}
      {problem && (
        <p class="error composer-problem" role="alert">
          {problem.message}{' '}
          {problem.needsPermission && (
            <button
              type="button"
              class="link"
              // Loaded on demand: the composer stays free of extension APIs (and testable in jsdom).
              onClick={() => void import('./open-microphone-page').then((m) => m.openMicrophonePage())}
            >
              Allow the microphone (opens a tab)
            </button>
          )}
        </p>
      )}
    </>
  );
}
