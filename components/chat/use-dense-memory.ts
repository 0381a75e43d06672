import { useEffect, useState } from 'preact/hooks';
import type { PanelServices } from '../../lib/companion/panel-services';
import type { MemorySettings } from '../../lib/settings/schema';
import { findEmbeddingModel } from '../../lib/memory/embedders/catalog';
import type { DenseMemoryStatus } from '../../lib/memory/dense-memory';
import { createTransformersEmbedder } from '../../lib/memory/embedders/transformers-embedder';
import { spawnBundledEmbedWorker } from '../../lib/memory/embedders-bundled-worker';

type IdleWindow = Window & {
  requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number;
  cancelIdleCallback?: (handle: number) => void;
};

/** Runs `work` when the page is idle (after first paint); returns a canceller. */
function whenIdle(work: () => void): () => void {
  const w = window as IdleWindow;
  if (w.requestIdleCallback) {
    const handle = w.requestIdleCallback(work, { timeout: 3000 });
    return () => w.cancelIdleCallback?.(handle);
  }
  const handle = setTimeout(work, 500);
  return () => clearTimeout(handle);
}

/**
 * Starts dense memory search for the chosen embedder once the panel is idle, and swaps it
 * when the setting changes (stopping the old worker). Keyword search works throughout.
 */
export function useDenseMemory(
  services: PanelServices | null,
  settings: MemorySettings | null,
): DenseMemoryStatus | null {
  const [status, setStatus] = useState<DenseMemoryStatus | null>(null);
  const modelId = settings?.embedder ?? null;
  const modelHost = settings?.modelHost ?? null;

  useEffect(() => {
    setStatus(null);
    if (!services || !modelId) return;
    const { memory } = services;
    if (!findEmbeddingModel(modelId)) {
      setStatus({ phase: 'error', message: `Unknown memory search model "${modelId}".` });
      return;
    }
    const controller = new AbortController();
    const cancelIdle = whenIdle(() => {
      services
        .startDense({
          modelId,
          modelHost,
          signal: controller.signal,
          createEmbedder: (o) =>
            createTransformersEmbedder(o.modelId, {
              createTransport: spawnBundledEmbedWorker,
              onProgress: o.onProgress,
              ...(o.signal ? { signal: o.signal } : {}),
              ...(o.modelHost ? { remoteHost: o.modelHost } : {}),
            }),
          onStatus: (next) => {
            if (!controller.signal.aborted) setStatus(next);
          },
        })
        .then(
          (dense) => {
            if (controller.signal.aborted) dense.stop();
            else memory.enableDense(dense);
          },
          (error: unknown) => {
            if (controller.signal.aborted) return;
            setStatus({ phase: 'error', message: error instanceof Error ? error.message : String(error) });
          },
        );
    });
    return () => {
      cancelIdle();
      controller.abort();
      memory.disableDense()?.stop();
    };
  }, [services, modelId, modelHost]);

  return status;
}

/** A short line for the panel's status area; null when there is nothing worth saying. */
export function denseStatusText(status: DenseMemoryStatus | null): string | null {
  if (!status) return null;
  switch (status.phase) {
    case 'loading': {
      const overall = status.progress?.overall;
      return overall && overall.total > 0
        ? `Memory search: loading model ${Math.round(overall.fraction * 100)}%`
        : 'Memory search: loading model…';
    }
    case 'indexing':
      return status.total > 0 ? `Memory search: indexing ${status.done}/${status.total}` : null;
    case 'ready':
      return null;
    case 'error':
      return `Memory search is keyword-only: ${status.message}`;
  }
}
