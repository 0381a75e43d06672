import { useEffect, useState } from 'preact/hooks';
import type { WebLlmEngine } from '../../lib/llm/webllm/engine';
import { WebLlmModels } from '../engines/WebLlmModels';

/**
 * The on-device engine's model manager, with its engine created on first sight. The engine
 * module is imported lazily so that neither page carries web-llm in its first load.
 */
export function WebLlmSection({
  activeModelId,
  onUse,
  showGpu = true,
}: {
  activeModelId: string | null;
  onUse: (modelId: string) => Promise<void>;
  /** False where the page already says what the graphics adapter can do (first run). */
  showGpu?: boolean;
}) {
  const [engine, setEngine] = useState<WebLlmEngine | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let created: WebLlmEngine | null = null;
    import('../../lib/llm/webllm/engine')
      .then((m) => setEngine((created = m.createWebLlmEngine())))
      .catch((e: unknown) => setError(`The on-device engine could not start: ${String(e)}`));
    return () => void created?.unload();
  }, []);
  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (!engine) return <p class="muted">Checking this device…</p>;
  return (
    <WebLlmModels
      engine={engine}
      activeModelId={activeModelId}
      showGpu={showGpu}
      onUse={async (modelId) => {
        await onUse(modelId);
        // The chat loads its own copy in the panel; this page's copy would only hold GPU memory.
        await engine.unload();
      }}
    />
  );
}
