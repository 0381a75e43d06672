import { useEffect } from 'preact/hooks';
import type { ReflectionScheduler } from '../../lib/companion/reflection-scheduler';

/** Runs the reflection schedule (lib/companion/reflection-scheduler.ts) while the panel is open. */
export function useReflection(scheduler: ReflectionScheduler): void {
  useEffect(() => scheduler.start(), [scheduler]);
}
