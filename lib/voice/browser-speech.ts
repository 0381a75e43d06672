import type { SpeechEngine, SpeechPiece, VoiceOption } from './speech-engine';
import { SpeechError, abortError } from './speech-engine';

/** The parts of the Web Speech API's synthesis the engine uses (window.speechSynthesis). */
export interface SynthesisApi {
  speak(utterance: SpeechSynthesisUtterance): void;
  cancel(): void;
  getVoices(): SpeechSynthesisVoice[];
  addEventListener?(type: 'voiceschanged', listener: () => void): void;
}

/** What the engine needs from the page: the synthesis and a way to make utterances. */
export interface BrowserSpeechDeps {
  synthesis: SynthesisApi;
  utterance: (text: string) => SpeechSynthesisUtterance;
}

/**
 * The browser's own speech (speechSynthesis), the default: nothing to install. Its ranges are
 * the Web Speech API's (rate 0.1–10, pitch 0–2, volume 0–1). Voices marked `localService:
 * false` are made by a remote service, which the settings say.
 */
export function createBrowserSpeech(deps: BrowserSpeechDeps): SpeechEngine {
  return {
    id: 'browser',
    ranges: { rate: [0.1, 10], pitch: [0, 2], volume: [0, 1] },
    async voices(): Promise<VoiceOption[]> {
      let list = deps.synthesis.getVoices();
      // Chrome fills the list asynchronously on first use.
      if (list.length === 0 && deps.synthesis.addEventListener) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 1500);
          deps.synthesis.addEventListener!('voiceschanged', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        list = deps.synthesis.getVoices();
      }
      return list.map((v) => ({
        id: v.voiceURI || v.name,
        label: `${v.name} (${v.lang})`,
        remote: !v.localService,
      }));
    },
    speak(piece: SpeechPiece, signal: AbortSignal): Promise<void> {
      if (signal.aborted) return Promise.reject(abortError());
      return new Promise((resolve, reject) => {
        const utterance = deps.utterance(piece.text);
        utterance.rate = piece.prosody.rate;
        utterance.pitch = piece.prosody.pitch;
        utterance.volume = piece.prosody.volume;
        if (piece.voice) {
          const voice = deps.synthesis.getVoices().find((v) => (v.voiceURI || v.name) === piece.voice);
          if (voice) utterance.voice = voice;
        }
        const onAbort = () => {
          deps.synthesis.cancel();
          reject(abortError());
        };
        signal.addEventListener('abort', onAbort, { once: true });
        utterance.onend = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        utterance.onerror = (event) => {
          signal.removeEventListener('abort', onAbort);
          // 'interrupted' and 'canceled' are our own cancel(): the abort already answered.
          if (event.error === 'interrupted' || event.error === 'canceled') return reject(abortError());
          reject(new SpeechError(`The browser could not speak (${event.error}).`));
        };
        deps.synthesis.speak(utterance);
      });
    },
  };
}
