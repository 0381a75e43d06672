import { useEffect, useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ChatEngine } from '../../lib/llm/engine';
import type { MemoryService } from '../../lib/memory/memory-service';
import { reflect, shouldReflect } from '../../lib/memory/reflection';
import { publishChange } from '../../lib/messaging/changes';

const LAST_KEY = 'memory.lastReflectionAt';
const CHECK_EVERY_MS = 60_000;

/**
 * Reflection on a schedule, in the panel (the only context that runs the model): once a
 * minute it checks whether the engine has been idle, enough new memories have come in and
 * enough time has passed; if so it writes what they add up to as reflection memories.
 */
export function useReflection(memory: MemoryService, engine: () => ChatEngine | null, busy: boolean): void {
  const idleSince = useRef(Date.now());
  const busyRef = useRef(busy);
  busyRef.current = busy;
  useEffect(() => {
    if (!busy) idleSince.current = Date.now();
  }, [busy]);

  useEffect(() => {
    let running = false;
    const timer = setInterval(async () => {
      const current = engine();
      if (!current || running || busyRef.current) return;
      running = true;
      try {
        const last = Number((await browser.storage.local.get(LAST_KEY))[LAST_KEY] ?? 0);
        const now = Date.now();
        const newMemories = await memory.store.count({ from: last });
        if (
          !shouldReflect({
            now,
            lastReflectionAt: last,
            newMemories,
            idleSince: idleSince.current,
            busy: busyRef.current,
          })
        )
          return;
        await browser.storage.local.set({ [LAST_KEY]: now });
        const written = await reflect({ engine: current, store: memory.store, since: last });
        if (written.length) {
          const ids = written.map((r) => r.id);
          await memory.refresh(ids);
          publishChange({ topic: 'memories', ids });
        }
      } catch (error) {
        console.warn('Hearth: reflection skipped', error);
      } finally {
        running = false;
      }
    }, CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [memory, engine]);
}
