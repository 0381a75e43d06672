import type { CommentFactors } from './comment-policy';
import type { PageStats } from './tracking/tracking-state';

const ordinal = (n: number) => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
};

const duration = (ms: number) => {
  const min = Math.round(ms / 60_000);
  return min < 1 ? 'under a minute' : min === 1 ? '1 minute' : `${min} minutes`;
};

/**
 * "Why this comment", in the user's words: what the policy weighed, strongest reasons
 * first. The memory is the user's own (it came from their conversation), cut short.
 */
export function whyText(page: PageStats, factors: CommentFactors, memory?: string): string {
  const reasons: string[] = [`you have spent ${duration(page.dwellMs)} on this page`];
  if (page.visits > 1) reasons.push(`this is your ${ordinal(page.visits)} visit`);
  if (factors.novelty >= 0.8) reasons.push('it is new to what we talked about lately');
  if (factors.relevance >= 0.3) {
    const quoted = memory ? ` (“${memory.length > 80 ? `${memory.slice(0, 79)}…` : memory}”)` : '';
    reasons.push(`it touches on something you told me${quoted}`);
  }
  const list =
    reasons.length === 1 ? reasons[0]! : `${reasons.slice(0, -1).join(', ')} and ${reasons.at(-1)!}`;
  return `Because ${list}.`;
}
