/**
 * How a fact about the user is worded. The rules write a fact with the speaker's name as its
 * subject ("Caroline lives in Lisbon"); the panel's user has no name, so they are "The user",
 * the way the model's extraction writes it too ("The user lives in Lisbon"). Earlier versions
 * named them "User", which reads as a field name; those stored texts are shown reworded.
 */
import type { MemoryRecord } from './records';

/** The speaker name the panel ingests the user's turns under (the subject of their rule facts). */
export const USER_SPEAKER = 'The user';

/**
 * A memory's text as a person reads it: a distilled fact stored as "User lives in Lisbon" or
 * "User's sister is Ana" reads "The user lives in Lisbon", "The user's sister is Ana".
 * An episode is someone's own words and is shown as it was said.
 */
export function naturalFactText(record: Pick<MemoryRecord, 'kind' | 'text'>): string {
  if (record.kind === 'episode' || record.kind === 'page') return record.text;
  return record.text.replace(/^User(?=(?:'s)?\s)/, USER_SPEAKER);
}
