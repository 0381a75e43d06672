import { useEffect, useRef, useState } from 'preact/hooks';
import type { LoadProgress } from '../../lib/llm/engine';
import { EngineError, isAbort } from '../../lib/llm/errors';
import type { CachedModel } from '../../lib/llm/webllm/cache';
import type { WebLlmModelInfo } from '../../lib/llm/webllm/catalog';
import { formatGB } from '../../lib/llm/webllm/catalog';
import type { WebLlmCatalog, WebLlmEngine } from '../../lib/llm/webllm/engine';
import { describeGpu } from '../../lib/llm/webllm/webgpu';

/** What the component needs from the engine; `createWebLlmEngine()` fits, tests pass a fake. */
export type WebLlmModelsEngine = Pick<WebLlmEngine, 'catalog' | 'cachedModels' | 'deleteModel' | 'load'>;

/** Props: the engine to manage, the model in use (if any), and what to do once a model is ready. */
export interface WebLlmModelsProps {
  engine: WebLlmModelsEngine;
  /** The web-llm model the chat uses now, shown as "In use". */
  activeModelId?: string | null;
  /** Called after a model is downloaded and loaded, e.g. to make it the chat's model. */
  onUse?: (modelId: string) => void | Promise<void>;
  /**
   * False when the page around already says what the graphics adapter can do (the first-run
   * screen): the adapter sentence is then not repeated here.
   */
  showGpu?: boolean;
}

interface Download {
  model: WebLlmModelInfo;
  progress: LoadProgress;
  controller: AbortController;
}

/**
 * The local-model manager: the graphics adapter in words, the models this device can run
 * with their download size and memory, download with progress and cancel, and what is
 * stored with the space it takes and a Delete button. Never imports web-llm itself: the
 * engine does, lazily, when `catalog()` or `load()` is first called.
 */
export function WebLlmModels({ engine, activeModelId = null, onUse, showGpu = true }: WebLlmModelsProps) {
  const [catalog, setCatalog] = useState<WebLlmCatalog | null>(null);
  const [cached, setCached] = useState<CachedModel[]>([]);
  const [download, setDownload] = useState<Download | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const mounted = useRef(true);

  async function refresh(): Promise<void> {
    try {
      const [nextCatalog, nextCached] = await Promise.all([engine.catalog(), engine.cachedModels()]);
      if (!mounted.current) return;
      setCatalog(nextCatalog);
      setCached(nextCached);
    } catch (e) {
      if (mounted.current) setError(messageOf(e, "Couldn't read the list of local models."));
    }
  }

  useEffect(() => {
    mounted.current = true;
    void refresh();
    // A running download is left to finish: leaving the page shouldn't throw away gigabytes.
    return () => {
      mounted.current = false;
    };
  }, [engine]);

  async function start(model: WebLlmModelInfo): Promise<void> {
    const controller = new AbortController();
    setError(null);
    setStatus(null);
    setDownload({ model, controller, progress: { fraction: 0, text: 'Starting…' } });
    try {
      await engine.load(model.id, {
        signal: controller.signal,
        onProgress: (progress) => {
          if (mounted.current) setDownload({ model, controller, progress });
        },
      });
      if (mounted.current) setStatus(`${model.label} is ready.`);
      await onUse?.(model.id);
    } catch (e) {
      if (!mounted.current) return;
      if (isAbort(e)) setStatus('Download cancelled. What was already downloaded is kept for next time.');
      else setError(messageAbout(model.label, e, `Couldn't load ${model.label}.`));
    } finally {
      if (mounted.current) setDownload(null);
      await refresh();
    }
  }

  async function remove(entry: CachedModel, label: string): Promise<void> {
    setError(null);
    try {
      await engine.deleteModel(entry.id);
      setStatus(`Deleted ${label}.`);
    } catch (e) {
      setError(messageAbout(label, e, `Couldn't delete ${label}.`));
    }
    await refresh();
  }

  if (!catalog) {
    return (
      <section class="webllm-models" aria-label="Local models">
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : (
          <p class="muted">Checking this device…</p>
        )}
      </section>
    );
  }

  const labels = new Map(catalog.models.map((m) => [m.id, m.label]));
  const labelOf = (id: string) => labels.get(id) ?? id;
  const recommended = catalog.recommendation.model;
  // The suggested model leads the list; the list itself scrolls in a bounded box, so nine
  // downloads on a software adapter do not push the rest of the page (the server card) away.
  const usable = catalog.models
    .filter((m) => !m.unsupportedReason)
    .sort((a, b) => Number(b.id === recommended?.id) - Number(a.id === recommended?.id));
  const unsuitable = catalog.models.filter((m) => m.unsupportedReason);
  const busy = download !== null;
  // The notice repeats the adapter sentence on a software adapter; it is shown just above.
  const gpuText = describeGpu(catalog.gpu);
  const notice = catalog.notice?.replace(gpuText, '').trim();

  return (
    <section class="webllm-models" aria-label="Local models">
      {showGpu ? (
        <p class={`webllm-gpu webllm-gpu-${catalog.gpu.kind}`}>{gpuText}</p>
      ) : (
        catalog.gpu.kind === 'none' && <p class="muted">Not available in this browser.</p>
      )}
      {notice && <p class="webllm-notice muted">{notice}</p>}
      {error && (
        <p class="error webllm-error" role="alert">
          {error}
        </p>
      )}
      <p class="webllm-status" role="status">
        {status}
      </p>

      {download && (
        <div class="webllm-download">
          <span class="webllm-download-text">
            {download.model.label}: {download.progress.text}
          </span>
          <progress
            aria-label={`Download progress for ${download.model.label}`}
            max={1}
            value={download.progress.fraction}
          />
          <button
            type="button"
            aria-label={`Cancel download of ${download.model.label}`}
            onClick={() => download.controller.abort()}
          >
            Cancel
          </button>
        </div>
      )}

      {recommended && (
        <p class="webllm-recommendation">
          Suggested: <strong>{recommended.label}</strong>. {catalog.recommendation.reason}
        </p>
      )}

      {usable.length > 0 && (
        <ul class="webllm-model-list" aria-label="Models for this device">
          {usable.map((model) => (
            <ModelRow
              key={model.id}
              model={model}
              active={model.id === activeModelId}
              suggested={model.id === recommended?.id}
              busy={busy}
              onStart={() => void start(model)}
            />
          ))}
        </ul>
      )}

      {unsuitable.length > 0 && (
        <details class="webllm-unsuitable">
          <summary>Not suitable for this device ({unsuitable.length})</summary>
          <ul aria-label="Models not suitable for this device">
            {unsuitable.map((model) => (
              <li key={model.id}>
                {model.label}: {model.unsupportedReason}
              </li>
            ))}
          </ul>
        </details>
      )}

      {/* Without WebGPU nothing can have been stored: no empty section to explain. */}
      {(catalog.gpu.kind !== 'none' || cached.length > 0) && (
        <h3 class="webllm-cached-title">Stored on this device</h3>
      )}
      {cached.length === 0 ? (
        catalog.gpu.kind !== 'none' && <p class="muted">No local model is stored yet.</p>
      ) : (
        <ul class="webllm-cached-list" aria-label="Stored models">
          {cached.map((entry) => (
            <li key={entry.id}>
              <span class="grow">
                {labelOf(entry.id)}: uses {formatGB(entry.bytes / 2 ** 20)}
                {!entry.complete && ' (partly downloaded)'}
              </span>
              <button
                type="button"
                aria-label={`Delete ${labelOf(entry.id)}`}
                disabled={busy}
                onClick={() => void remove(entry, labelOf(entry.id))}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ModelRow(props: {
  model: WebLlmModelInfo;
  active: boolean;
  suggested: boolean;
  busy: boolean;
  onStart: () => void;
}) {
  const { model, active, suggested, busy, onStart } = props;
  const size =
    model.downloadMB !== undefined ? `about ${formatGB(model.downloadMB)} download` : 'download size unknown';
  const memory = model.memoryMB !== undefined ? `needs ${formatGB(model.memoryMB)} of memory` : null;
  return (
    <li class="webllm-model">
      <span class="grow">
        <span class="webllm-model-label">{model.label}</span>{' '}
        {suggested && <span class="badge">Suggested</span>}{' '}
        <span class="muted">
          {model.cached ? 'downloaded' : size}
          {memory && ` · ${memory}`} · {model.contextWindow.toLocaleString()} tokens of context
        </span>
      </span>
      {active ? (
        <span class="badge">In use</span>
      ) : (
        <button
          type="button"
          aria-label={`${model.cached ? 'Use' : 'Download'} ${model.label}`}
          disabled={busy}
          onClick={onStart}
        >
          {model.cached ? 'Use' : 'Download'}
        </button>
      )}
    </li>
  );
}

/** The error in words, naming the model: "<label>: <message>", or the fallback sentence. */
function messageAbout(label: string, error: unknown, fallback: string): string {
  // EngineError messages are written for people but say "the model": name it.
  return error instanceof EngineError && error.message ? `${label}: ${error.message}` : fallback;
}

function messageOf(error: unknown, fallback: string): string {
  // EngineError messages are written for people; anything else gets the fallback sentence.
  return error instanceof EngineError && error.message ? error.message : fallback;
}
