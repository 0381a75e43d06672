import type { AttemptOutcome } from './delivery-outcome';

/** A test delivery's outcome as the options page says it: one sentence, and whether it worked. */
export function describeOutcome(outcome: AttemptOutcome): { ok: boolean; words: string } {
  switch (outcome.kind) {
    case 'success':
      return { ok: true, words: `Delivered: the receiver answered ${outcome.status}.` };
    case 'disable':
      return { ok: false, words: `${outcome.reason} Real events would stop going there.` };
    case 'dead':
      return { ok: false, words: `Not delivered. ${outcome.reason}` };
    case 'retry': {
      const wait =
        outcome.retryAfterMs === undefined
          ? ''
          : ` It asked Hearth to wait ${Math.ceil(outcome.retryAfterMs / 1000)} s.`;
      return {
        ok: false,
        words: `Not delivered yet. ${outcome.reason} Real events would be retried.${wait}`,
      };
    }
  }
}
