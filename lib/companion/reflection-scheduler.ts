import type { ChatEngine } from '../llm/engine';
import type { MemoryService } from '../memory/memory-service';
import { reflect, shouldReflect } from '../memory/reflection';
import type { ChangeChannel } from '../messaging/changes';
import type { Clock, KeyValueArea } from './ports';

/** Where the time of the last reflection is kept, across panel restarts. */
export const LAST_REFLECTION_KEY = 'memory.lastReflectionAt';
/** How often the schedule is checked. */
export const CHECK_EVERY_MS = 60_000;

/** Reflection on a schedule, in the context that runs the model (the panel). */
export interface ReflectionScheduler {
  /** Starts the periodic check; returns the stopper. */
  start(): () => void;
  /** One check now: reflects if the schedule says so; returns the memories written. */
  tick(): Promise<string[]>;
  /** The engine was just busy (a reply): idleness counts from now. */
  noteActivity(): void;
}

/**
 * Once a minute: if the engine has been idle, enough new memories came in and enough time
 * has passed (shouldReflect), writes what they add up to as reflection memories.
 */
export function createReflectionScheduler(deps: {
  memory: MemoryService;
  engine: () => ChatEngine | null;
  busy: () => boolean;
  storage: KeyValueArea;
  clock: Clock;
  changes: ChangeChannel;
}): ReflectionScheduler {
  let idleSince = deps.clock.now();
  let running = false;

  async function tick(): Promise<string[]> {
    const engine = deps.engine();
    if (!engine || running || deps.busy()) return [];
    running = true;
    try {
      const last = Number((await deps.storage.get(LAST_REFLECTION_KEY)) ?? 0) || 0;
      const now = deps.clock.now();
      const newMemories = await deps.memory.store.count({ from: last });
      if (!shouldReflect({ now, lastReflectionAt: last, newMemories, idleSince, busy: deps.busy() }))
        return [];
      // Written first: a reflection that fails is not retried every minute.
      await deps.storage.set(LAST_REFLECTION_KEY, now);
      const written = await reflect({ engine, store: deps.memory.store, since: last });
      const ids = written.map((r) => r.id);
      if (ids.length) {
        await deps.memory.refresh(ids);
        deps.changes.publish({ topic: 'memories', ids });
      }
      return ids;
    } catch (error) {
      console.warn('Hearth: reflection skipped', error);
      return [];
    } finally {
      running = false;
    }
  }

  return {
    start: () => deps.clock.every(CHECK_EVERY_MS, () => void tick()),
    tick,
    noteActivity() {
      idleSince = deps.clock.now();
    },
  };
}
