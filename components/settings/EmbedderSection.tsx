import { useEffect, useRef, useState } from 'preact/hooks';
import type { Settings } from '../../lib/settings/schema';
import { updateSettings } from '../../lib/settings/store';
import {
  EMBEDDING_MODELS,
  findEmbeddingModel,
  type EmbeddingModel,
} from '../../lib/memory/embedders/catalog';
import type { LoadProgress } from '../../lib/memory/embedders/embed-protocol';
import {
  createTransformersEmbedder,
  listCachedEmbeddingModels,
  removeCachedModel,
} from '../../lib/memory/embedders/transformers-embedder';
import type { CachedEmbeddingModel } from '../../lib/memory/embedders/model-cache';
import { spawnBundledEmbedWorker } from '../../lib/memory/embedders-bundled-worker';

const KEYWORD = '';

function sizeLabel(model: EmbeddingModel): string {
  const sizes = Object.values(model.downloadMB).filter((n): n is number => typeof n === 'number');
  return sizes.length ? `${Math.min(...sizes)} MB` : 'size unknown';
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * "Memory search": keyword search only, or keyword plus an embedding model that runs on
 * this device. Choosing a model downloads it here (with progress and cancel) so the panel
 * finds it cached; downloaded models are listed with their size and can be removed.
 */
export function EmbedderSection({ settings }: { settings: Settings }) {
  const current = settings.memory.embedder;
  const [choice, setChoice] = useState<string>(current ?? KEYWORD);
  const [host, setHost] = useState<string>(settings.memory.modelHost ?? '');
  const [download, setDownload] = useState<{
    model: EmbeddingModel;
    controller: AbortController;
    progress: LoadProgress | null;
  } | null>(null);
  const [cached, setCached] = useState<CachedEmbeddingModel[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const mounted = useRef(true);
  const active = useRef<AbortController | null>(null);

  const refreshCached = () =>
    listCachedEmbeddingModels().then(
      (list) => mounted.current && setCached(list),
      () => {},
    );

  useEffect(() => {
    mounted.current = true;
    void refreshCached();
    return () => {
      mounted.current = false;
      // Leaving the page stops a download in progress (its worker with it).
      active.current?.abort();
    };
  }, []);
  useEffect(() => setChoice(current ?? KEYWORD), [current]);
  useEffect(() => setHost(settings.memory.modelHost ?? ''), [settings.memory.modelHost]);

  const modelHost = host.trim() || null;
  const save = (embedder: string | null) =>
    updateSettings((s) => ({ ...s, memory: { embedder, modelHost } }));

  async function apply() {
    setError(null);
    setNotice(null);
    if (modelHost) {
      try {
        new URL(modelHost);
      } catch {
        setError(`"${modelHost}" is not a web address.`);
        return;
      }
    }
    const model = choice ? findEmbeddingModel(choice) : undefined;
    if (!model) {
      try {
        await save(null);
        setNotice('Memory search uses keywords only.');
      } catch (e) {
        setError(message(e));
      }
      return;
    }
    const controller = new AbortController();
    active.current = controller;
    setDownload({ model, controller, progress: null });
    try {
      // Loading once here puts the files in the browser's cache, where the panel finds them.
      const embedder = await createTransformersEmbedder(model.id, {
        createTransport: spawnBundledEmbedWorker,
        signal: controller.signal,
        ...(modelHost ? { remoteHost: modelHost } : {}),
        onProgress: (progress) => {
          if (mounted.current && !controller.signal.aborted)
            setDownload((d) => (d && d.controller === controller ? { ...d, progress } : d));
        },
      });
      embedder.dispose();
      await save(model.id);
      if (mounted.current) setNotice(`Memory search uses ${model.label}.`);
    } catch (e) {
      if (mounted.current)
        setError(controller.signal.aborted ? 'The download was cancelled.' : `${model.label}: ${message(e)}`);
    } finally {
      if (active.current === controller) active.current = null;
      if (mounted.current) setDownload((d) => (d && d.controller === controller ? null : d));
      void refreshCached();
    }
  }

  async function remove(modelId: string) {
    setError(null);
    setNotice(null);
    try {
      const { bytesFreed } = await removeCachedModel(modelId);
      // Without its files the panel would download the model again: back to keywords.
      if (current === modelId) await save(null);
      const label = findEmbeddingModel(modelId)?.label ?? modelId;
      if (mounted.current) setNotice(`Removed ${label} (${megabytes(bytesFreed)} freed).`);
    } catch (e) {
      if (mounted.current) setError(message(e));
    }
    void refreshCached();
  }

  const isCached = (id: string) => cached.some((c) => c.modelId === id);
  const chosenModel = choice ? findEmbeddingModel(choice) : undefined;
  const buttonLabel = chosenModel
    ? isCached(chosenModel.id)
      ? `Use ${chosenModel.label}`
      : `Download and use ${chosenModel.label}`
    : 'Use keyword search only';
  const unchanged = (choice || null) === current && modelHost === settings.memory.modelHost;

  return (
    <form
      class="stack memory-search-settings"
      aria-label="Memory search"
      onSubmit={(e) => {
        e.preventDefault();
        void apply();
      }}
    >
      <fieldset>
        <legend>Memory search</legend>
        <p class="muted">
          Keyword search finds memories that share words with the conversation. An embedding model (run on
          this device) also finds memories that mean the same thing in other words.
        </p>
        <label class="row">
          <input
            type="radio"
            name="memory-embedder"
            value={KEYWORD}
            checked={choice === KEYWORD}
            disabled={download !== null}
            onChange={() => setChoice(KEYWORD)}
          />
          Keyword search only
        </label>
        {EMBEDDING_MODELS.map((model) => (
          <label class="row" key={model.id}>
            <input
              type="radio"
              name="memory-embedder"
              value={model.id}
              checked={choice === model.id}
              disabled={download !== null}
              onChange={() => setChoice(model.id)}
            />
            {model.label} — {sizeLabel(model)}, {model.languages === 'en' ? 'English' : 'many languages'}
            {isCached(model.id) ? ' (downloaded)' : ''}
            {current === model.id ? ' (in use)' : ''}
          </label>
        ))}
      </fieldset>
      <label>
        Model download mirror (optional)
        <input
          type="url"
          value={host}
          placeholder="Hugging Face (default)"
          disabled={download !== null}
          onInput={(e) => setHost(e.currentTarget.value)}
        />
      </label>
      {download ? (
        <div class="row" role="status">
          <span>
            Downloading {download.model.label}
            {download.progress ? ` (${Math.round(download.progress.overall.fraction * 100)}%)` : '…'}
          </span>
          <progress
            aria-label="Embedding model download"
            max={1}
            value={download.progress ? download.progress.overall.fraction : undefined}
          />
          <button type="button" onClick={() => download.controller.abort()}>
            Cancel download
          </button>
        </div>
      ) : (
        <button type="submit" disabled={unchanged}>
          {buttonLabel}
        </button>
      )}
      {cached.length > 0 && (
        <section aria-label="Downloaded embedding models">
          <h3>Downloaded models</h3>
          <ul>
            {cached.map((c) => {
              const label = findEmbeddingModel(c.modelId)?.label ?? c.modelId;
              return (
                <li key={c.modelId}>
                  {label}: {megabytes(c.bytes)}{' '}
                  <button
                    type="button"
                    aria-label={`Remove ${label}`}
                    disabled={download?.model.id === c.modelId}
                    onClick={() => void remove(c.modelId)}
                  >
                    Remove
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {notice && (
        <p class="muted" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
