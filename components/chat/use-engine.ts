import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatEngine, LoadProgress } from '../../lib/llm/engine';
import { EngineError, toEngineError } from '../../lib/llm/errors';
import { createEngine, selectedModel } from '../../lib/llm/registry';
import type { EngineSettings } from '../../lib/settings/schema';

/** Where the chosen engine is: not chosen, loading (with progress), ready, or failed in words. */
export type EnginePhase =
  | { phase: 'unconfigured' }
  | { phase: 'loading'; progress: LoadProgress | null }
  | { phase: 'ready'; engine: ChatEngine; model: string }
  | { phase: 'error'; message: string };

/**
 * Builds and loads the engine the settings name, again whenever they change. A failure
 * leaves the panel usable: it shows the reason and the user can pick another engine.
 */
export function useEngine(settings: EngineSettings | null): { state: EnginePhase; retry: () => void } {
  const [state, setState] = useState<EnginePhase>({ phase: 'unconfigured' });
  const [attempt, setAttempt] = useState(0);
  const current = useRef<ChatEngine | null>(null);
  const key = settings ? JSON.stringify([settings.active, settings.openai, settings.webllm]) : '';

  useEffect(() => {
    if (!settings?.active) {
      setState({ phase: 'unconfigured' });
      return;
    }
    const kind = settings.active;
    const model = selectedModel(kind, settings);
    if (!model) {
      setState({ phase: 'unconfigured' });
      return;
    }
    const controller = new AbortController();
    setState({ phase: 'loading', progress: null });
    (async () => {
      const previous = current.current;
      current.current = null;
      await previous?.unload().catch(() => {});
      const engine = await createEngine(kind, settings);
      await engine.load(model, {
        signal: controller.signal,
        onProgress: (progress) => !controller.signal.aborted && setState({ phase: 'loading', progress }),
      });
      if (controller.signal.aborted) return;
      current.current = engine;
      setState({ phase: 'ready', engine, model });
    })().catch((error: unknown) => {
      if (controller.signal.aborted) return;
      const engineError = error instanceof EngineError ? error : toEngineError(error);
      setState({ phase: 'error', message: engineError.message });
    });
    return () => controller.abort();
    // `key` captures exactly the settings that matter for the engine.
  }, [key, attempt]);

  return { state, retry: () => setAttempt((n) => n + 1) };
}
