import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ChatSession } from '../../lib/companion/chat-session';
import type { PersonaRecord } from '../../lib/db/records';
import type { MoodClient } from '../../lib/mood/types';
import type { Settings } from '../../lib/settings/schema';
import { prosodyForMood } from '../../lib/voice/prosody';
import { createReplySpeaker } from '../../lib/voice/reply-speaker';
import { createSpeaker, type SpeakerStatus } from '../../lib/voice/speaker';
import type { SpeechEngine } from '../../lib/voice/speech-engine';
import { createSpeechEngine, type SpeechPlatform } from '../../lib/voice/speech-registry';
import { personaVoice, voiceOn } from '../../lib/voice/voice-settings';
import { playAudio } from './play-audio';

/** The page's speech: the Web Speech API when the browser has it, fetch and audio for a server. */
function platform(): SpeechPlatform {
  const synthesis = typeof speechSynthesis === 'undefined' ? null : speechSynthesis;
  return {
    browser: synthesis ? { synthesis, utterance: (text) => new SpeechSynthesisUtterance(text) } : null,
    fetch: (input, init) => fetch(input, init),
    play: playAudio,
  };
}

const NEUTRAL = { p: 0, a: 0, d: 0 };

/** What the chat screen gets: the speaker's status and a way to silence it. */
export interface Voice {
  status: SpeakerStatus;
  /** Why speech cannot work with the chosen engine, or null. */
  problem: string | null;
  interrupt: () => void;
}

/**
 * Reads the chat session's replies aloud while voice is on for the persona: subscribes a
 * reply speaker to the session, with the voice shaped by the mood when each reply starts.
 */
export function useVoice(
  session: ChatSession,
  settings: Settings,
  persona: PersonaRecord,
  mood: MoodClient | null | undefined,
): Voice {
  const latest = useRef({ settings, persona, mood, engine: null as SpeechEngine | null });
  latest.current = { ...latest.current, settings, persona, mood };
  const [problem, setProblem] = useState<string | null>(null);
  const voiceKey = JSON.stringify([settings.voice.engine, settings.voice.openai]);
  useEffect(() => {
    const made = createSpeechEngine(latest.current.settings.voice, platform());
    latest.current.engine = made.engine;
    setProblem(made.engine ? null : made.reason);
  }, [voiceKey]);

  const { speaker, replies } = useMemo(() => {
    const speaker = createSpeaker(() => latest.current.engine);
    const replies = createReplySpeaker({
      speaker,
      enabled: () => {
        const { settings, persona, engine } = latest.current;
        return engine !== null && voiceOn(settings.voice, persona.id);
      },
      voice: async () => {
        const { settings, persona, mood, engine } = latest.current;
        // The mood after the user's message was appraised: the reply streams only after that.
        const now = mood ? await mood.current(persona.id).catch(() => null) : null;
        const ranges = engine?.ranges ?? { rate: [1, 1] as const };
        return {
          prosody: prosodyForMood(now?.mood.pad ?? NEUTRAL, ranges),
          voice: personaVoice(settings.voice, persona.id).voice,
        };
      },
    });
    return { speaker, replies };
  }, []);

  useEffect(() => {
    replies.observe(session.state);
    const stop = session.subscribe((state) => replies.observe(state));
    return () => {
      stop();
      replies.interrupt();
    };
  }, [session, replies]);

  const [status, setStatus] = useState<SpeakerStatus>(speaker.status);
  useEffect(() => speaker.subscribe(setStatus), [speaker]);
  // Turning voice off, or changing persona, silences what is being said.
  const on = voiceOn(settings.voice, persona.id);
  useEffect(() => {
    if (!on) replies.interrupt();
  }, [on, replies]);

  return { status, problem: on ? problem : null, interrupt: replies.interrupt };
}
