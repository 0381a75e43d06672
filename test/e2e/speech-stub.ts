import type { BrowserContext, Page } from '@playwright/test';

/** One utterance as the stubbed speechSynthesis recorded it. */
export interface SpokenUtterance {
  text: string;
  rate: number;
  pitch: number;
  volume: number;
  /** A reply was still streaming (marked busy) when this was handed to speechSynthesis. */
  replyStreaming: boolean;
  /** How it ended: 'end', 'interrupted', or null while it is being said. */
  ended: string | null;
}

/**
 * Replaces speechSynthesis at the edge in every page of the context (headless Chromium has no
 * voices): utterances are recorded with their rate, pitch and volume. Each ends at once,
 * unless the test holds speech (`holdSpeech`), when it lasts until cancel() or `releaseSpeech`.
 */
export async function stubSpeechSynthesis(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    type Rec = {
      text: string;
      rate: number;
      pitch: number;
      volume: number;
      replyStreaming: boolean;
      ended: string | null;
    };
    type U = {
      text: string;
      rate: number;
      pitch: number;
      volume: number;
      voice: unknown;
      onend: ((e: unknown) => void) | null;
      onerror: ((e: unknown) => void) | null;
    };
    const w = window as unknown as {
      __spoken: Rec[];
      __hold: boolean;
      __current: { u: U; rec: Rec } | null;
      __release: () => void;
    };
    w.__spoken = [];
    w.__hold = false;
    w.__current = null;
    const finish = (how: string) => {
      const current = w.__current;
      if (!current) return;
      w.__current = null;
      current.rec.ended = how;
      if (how === 'end') current.u.onend?.({});
      else current.u.onerror?.({ error: how });
    };
    w.__release = () => finish('end');
    class Utterance {
      rate = 1;
      pitch = 1;
      volume = 1;
      voice = null;
      onend = null;
      onerror = null;
      constructor(public text: string) {}
    }
    const synthesis = {
      speak(u: U) {
        const rec: Rec = {
          text: u.text,
          rate: u.rate,
          pitch: u.pitch,
          volume: u.volume,
          replyStreaming: document.querySelector('article[aria-busy="true"]') !== null,
          ended: null,
        };
        w.__spoken.push(rec);
        w.__current = { u, rec };
        if (!w.__hold) setTimeout(() => w.__current?.u === u && finish('end'), 0);
      },
      cancel() {
        finish('interrupted');
      },
      getVoices: () => [],
      addEventListener() {},
      speaking: false,
      pending: false,
      paused: false,
    };
    Object.defineProperty(window, 'speechSynthesis', { value: synthesis, configurable: true });
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
  });
}

/** What the page's stubbed speechSynthesis has said so far. */
export function spoken(page: Page): Promise<SpokenUtterance[]> {
  return page.evaluate(() => (window as unknown as { __spoken: SpokenUtterance[] }).__spoken);
}

/** Holds each utterance until cancelled or released, or lets them end at once again. */
export function holdSpeech(page: Page, hold: boolean): Promise<void> {
  return page.evaluate((h) => void ((window as unknown as { __hold: boolean }).__hold = h), hold);
}

/** Ends the utterance being held. */
export function releaseSpeech(page: Page): Promise<void> {
  return page.evaluate(() => (window as unknown as { __release: () => void }).__release());
}
