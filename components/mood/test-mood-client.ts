/**
 * An in-memory MoodClient for component tests and previews: it stands where the messaging
 * edge is (the real client talks to the background), keeps the calls it received, and
 * notifies subscribers on each change as the real one does.
 */
import type {
  Feeling,
  MoodClient,
  MoodLogEntry,
  MoodView,
  Pad,
  RelationshipView,
} from '../../lib/mood/types';

/** A MoodClient over plain objects, with the calls it received and a way to change the mood. */
export interface TestMoodClient extends MoodClient {
  calls: { method: string; args: unknown[] }[];
  /** Sets the current feeling (and pad) as the background would after an appraisal, and notifies. */
  feel(feeling: Feeling, pad?: Pad): void;
  log: MoodLogEntry[];
  mood: MoodView;
  relationship: RelationshipView;
}

/** One logged mood change at `at` with `after` = pad. */
export function moodEntry(at: number, pad: Pad, extra: Partial<MoodLogEntry> = {}): MoodLogEntry {
  return {
    id: `m-${at}-${extra.cause ?? 'user-message'}`,
    personaId: 'default',
    at,
    kind: 'mood',
    cause: 'user-message',
    rule: 'bounded step 0.3',
    after: { ...pad },
    delta: { p: 0.1, a: 0, d: 0 },
    ...extra,
  };
}

/** One logged relationship change at `at`. */
export function relationshipEntry(
  at: number,
  after: { familiarity: number; trust: number; affection: number },
  extra: Partial<MoodLogEntry> = {},
): MoodLogEntry {
  return {
    id: `r-${at}`,
    personaId: 'default',
    at,
    kind: 'relationship',
    cause: 'user-message',
    rule: 'familiarity grows with use',
    after: { ...after },
    delta: { familiarity: 0.01 },
    ...extra,
  };
}

/** A client with the given state and log (oldest first). */
export function createTestMoodClient(
  init: { feeling?: Feeling; pad?: Pad; log?: MoodLogEntry[]; personaId?: string } = {},
): TestMoodClient {
  const personaId = init.personaId ?? 'default';
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  const client: TestMoodClient = {
    calls: [],
    log: [...(init.log ?? [])],
    mood: {
      personaId,
      pad: init.pad ?? { p: 0.2, a: -0.1, d: 0.05 },
      feeling: init.feeling ?? 'calm',
      baseline: { p: 0.1, a: -0.1, d: 0 },
      updatedAt: 1_700_000_000_000,
      paused: false,
    },
    relationship: {
      personaId,
      familiarity: 0.4,
      trust: 0.55,
      affection: 0.3,
      stage: 'acquainted',
      paused: false,
    },
    feel(feeling, pad) {
      client.mood = { ...client.mood, feeling, pad: pad ?? client.mood.pad };
      notify();
    },
    async current(id) {
      client.calls.push({ method: 'current', args: [id] });
      return { mood: client.mood, relationship: client.relationship };
    },
    async history(id, options = {}) {
      client.calls.push({ method: 'history', args: [id, options] });
      const from = options.from ?? -Infinity;
      return client.log.filter((e) => e.at >= from).slice(0, options.limit ?? Infinity);
    },
    async reset(id, what) {
      client.calls.push({ method: 'reset', args: [id, what] });
      if (what !== 'relationship')
        client.mood = { ...client.mood, pad: client.mood.baseline, feeling: 'calm' };
      if (what !== 'mood')
        client.relationship = { ...client.relationship, familiarity: 0, trust: 0, affection: 0 };
      notify();
    },
    async pause(id, paused) {
      client.calls.push({ method: 'pause', args: [id, paused] });
      client.mood = { ...client.mood, paused };
      client.relationship = { ...client.relationship, paused };
      notify();
    },
    async exportAll(id) {
      client.calls.push({ method: 'exportAll', args: [id] });
      return { mood: client.mood, relationship: client.relationship, log: client.log };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return client;
}
