/** How the Mood & relationship section writes numbers, changes and times. */
import type { MoodLogEntry, Pad } from '../../lib/mood/types';

const NAMES: Record<string, string> = {
  p: 'pleasure',
  a: 'arousal',
  d: 'dominance',
  familiarity: 'familiarity',
  trust: 'trust',
  affection: 'affection',
};

/** A value with its sign, two decimals, a true minus sign: "+0.12", "−0.30", "0.00". */
export function signed(value: number): string {
  const fixed = Math.abs(value).toFixed(2);
  if (fixed === '0.00') return '0.00';
  return (value < 0 ? '\u2212' : '+') + fixed;
}

/** A change in words and numbers: "pleasure −0.20, arousal +0.05". */
export function describeDelta(delta: Record<string, number>): string {
  const parts = Object.entries(delta)
    .filter(([, v]) => Number.isFinite(v) && v !== 0)
    .map(([k, v]) => `${NAMES[k] ?? k} ${signed(v)}`);
  return parts.length ? parts.join(', ') : 'no change';
}

/** One axis of the mood in a word, from its value: pleasure −0.4 is "unpleasant". */
export function padWords(pad: Pad): { key: keyof Pad; label: string; value: number; word: string }[] {
  const word = (v: number, low: string, high: string) => (v <= -0.15 ? low : v >= 0.15 ? high : 'neutral');
  return [
    { key: 'p', label: 'Pleasure', value: pad.p, word: word(pad.p, 'unpleasant', 'pleasant') },
    { key: 'a', label: 'Arousal', value: pad.a, word: word(pad.a, 'low energy', 'energetic') },
    { key: 'd', label: 'Dominance', value: pad.d, word: word(pad.d, 'yielding', 'in control') },
  ];
}

/** A relationship value in a word. */
export function levelWord(value: number): string {
  return value < 0.2 ? 'low' : value < 0.45 ? 'some' : value < 0.7 ? 'good' : 'high';
}

/** What a log line says the cause was, in words. */
export function describeCause(entry: MoodLogEntry): string {
  const causes: Record<string, string> = {
    'user-message': 'your message',
    'own-reply': 'its own reply',
    time: 'time passing',
    page: 'a page',
    reset: 'reset',
    pause: 'paused or resumed',
  };
  return causes[entry.cause] ?? entry.cause;
}

/** A log time: date and time to the minute, in the reader's locale. */
export function formatTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
