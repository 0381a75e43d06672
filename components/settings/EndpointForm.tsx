import { useState } from 'preact/hooks';
import type { ModelInfo } from '../../lib/llm/engine';
import { createOpenAiEngine } from '../../lib/llm/openai-compatible';
import { ensureHostPermission } from '../../lib/llm/host-permission';
import type { EngineSettings } from '../../lib/settings/schema';

interface Props {
  initial: EngineSettings['openai'];
  active: boolean;
  onUse: (openai: EngineSettings['openai']) => Promise<void>;
}

/**
 * Connects to an OpenAI-compatible server: asks the browser for access to that one origin,
 * lists the server's models, and saves the choice. Errors are shown as the engine words them.
 */
export function EndpointForm({ initial, active, onUse }: Props) {
  const [baseUrl, setBaseUrl] = useState(initial.baseUrl);
  const [apiKey, setApiKey] = useState(initial.apiKey);
  const [models, setModels] = useState<ModelInfo[] | null>(null);
  const [model, setModel] = useState(initial.model);
  const [status, setStatus] = useState<{ kind: 'idle' | 'busy' | 'error' | 'saved'; text?: string }>({
    kind: 'idle',
  });

  const connect = async () => {
    setStatus({ kind: 'busy', text: 'Connecting…' });
    setModels(null);
    try {
      // Access is asked for this origin only. The request is not awaited: the browser's
      // prompt waits on the person, while a server that allows cross-origin requests
      // (Ollama, LM Studio and llama.cpp can) answers without it. If the server needs it,
      // the error below says so and Connect works once the prompt is accepted.
      void ensureHostPermission(baseUrl).catch(() => false);
      const list = await createOpenAiEngine({ baseUrl, apiKey: apiKey || undefined }).listModels();
      if (list.length === 0)
        throw new Error('The server answered but lists no models. Load or pull a model on it first.');
      setModels(list);
      setModel(list.some((m) => m.id === model) ? model : list[0]!.id);
      setStatus({ kind: 'idle', text: `Connected: ${list.length} model${list.length === 1 ? '' : 's'}.` });
    } catch (error) {
      setStatus({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  };

  const use = async () => {
    try {
      await onUse({ baseUrl, apiKey, model });
      setStatus({ kind: 'saved', text: `Using ${model}.` });
    } catch (error) {
      setStatus({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <form
      class="stack"
      aria-label="Your own server"
      onSubmit={(e) => {
        e.preventDefault();
        void connect();
      }}
    >
      <label>
        Server URL
        <input
          type="url"
          required
          value={baseUrl}
          onInput={(e) => setBaseUrl(e.currentTarget.value)}
          placeholder="http://127.0.0.1:11434/v1"
        />
      </label>
      <label>
        API key (optional)
        <input
          type="password"
          autocomplete="off"
          value={apiKey}
          onInput={(e) => setApiKey(e.currentTarget.value)}
        />
      </label>
      <div class="row">
        <button type="submit" disabled={status.kind === 'busy'}>
          Connect
        </button>
        {active && <span class="badge">In use</span>}
      </div>
      {models && (
        <div class="row">
          <label class="grow">
            Model
            <select value={model} onChange={(e) => setModel(e.currentTarget.value)}>
              {models.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label} ({m.contextWindow.toLocaleString()} tokens)
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={use}>
            Use this model
          </button>
        </div>
      )}
      {status.text && (
        <p
          class={status.kind === 'error' ? 'error' : 'muted'}
          role={status.kind === 'error' ? 'alert' : 'status'}
        >
          {status.text}
        </p>
      )}
    </form>
  );
}
