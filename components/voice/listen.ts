import { transcribe } from '../../lib/voice/transcription';
import type { VoiceSettings } from '../../lib/voice/voice-settings';

/** A listening session started by push-to-talk: stop it to get the words. */
export interface Listening {
  /** Ends listening; resolves with what was heard ('' for nothing). */
  stop(): Promise<string>;
  /** Ends without a result. */
  cancel(): void;
}

/** A problem listening, with whether the microphone permission page would help. */
export class ListenError extends Error {
  constructor(
    message: string,
    readonly needsPermission = false,
  ) {
    super(message);
  }
}

type Recognition = {
  lang: string;
  interimResults: boolean;
  continuous: boolean;
  onresult: ((e: { results: ArrayLike<ArrayLike<{ transcript: string }>> }) => void) | null;
  onerror: ((e: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
  abort(): void;
};

/** The browser's speech recognition constructor, where there is one. */
export function browserRecognition(): (new () => Recognition) | null {
  const g = globalThis as unknown as {
    SpeechRecognition?: new () => Recognition;
    webkitSpeechRecognition?: new () => Recognition;
  };
  return g.SpeechRecognition ?? g.webkitSpeechRecognition ?? null;
}

function listenWithBrowser(Ctor: new () => Recognition): Listening {
  const recognition = new Ctor();
  recognition.lang = navigator.language;
  recognition.interimResults = false;
  recognition.continuous = true;
  let heard = '';
  let failure: ListenError | null = null;
  const ended = new Promise<void>((resolve) => (recognition.onend = resolve));
  recognition.onresult = (e) => {
    heard = Array.from(e.results, (r) => r[0]?.transcript ?? '')
      .join(' ')
      .trim();
  };
  recognition.onerror = (e) => {
    if (e.error === 'not-allowed' || e.error === 'service-not-allowed')
      failure = new ListenError('Hearth may not use the microphone yet.', true);
    else if (e.error !== 'aborted' && e.error !== 'no-speech')
      failure = new ListenError(`Speech recognition failed (${e.error}).`);
  };
  recognition.start();
  return {
    async stop() {
      recognition.stop();
      await ended;
      if (failure) throw failure;
      return heard;
    },
    cancel: () => recognition.abort(),
  };
}

async function listenWithServer(settings: VoiceSettings['input']): Promise<Listening> {
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch {
    throw new ListenError('Hearth may not use the microphone yet.', true);
  }
  const recorder = new MediaRecorder(stream);
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => chunks.push(e.data);
  const stopped = new Promise<void>((resolve) => (recorder.onstop = () => resolve()));
  recorder.start();
  const release = () => stream.getTracks().forEach((t) => t.stop());
  return {
    async stop() {
      recorder.stop();
      await stopped;
      release();
      const audio = new Blob(chunks, { type: recorder.mimeType || 'audio/webm' });
      return transcribe(audio, settings, { fetch: (i, init) => fetch(i, init) });
    },
    cancel() {
      recorder.stop();
      release();
    },
  };
}

/** Starts listening with the engine the settings choose. */
export async function startListening(settings: VoiceSettings['input']): Promise<Listening> {
  if (settings.engine === 'openai') return listenWithServer(settings);
  const Ctor = browserRecognition();
  if (!Ctor)
    throw new ListenError(
      'This browser has no speech recognition: choose a transcription server in the settings.',
    );
  return listenWithBrowser(Ctor);
}
