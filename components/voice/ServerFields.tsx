import { useState } from 'preact/hooks';
import { ensureHostPermission } from '../../lib/llm/host-permission';

/** A server the user runs: its address and model. */
export interface ServerChoice {
  baseUrl: string;
  model: string;
}

/**
 * The address and model of one of the user's own servers (speech or transcription), and the
 * button that saves them. Access to that one origin is asked for in the click's gesture;
 * `onUse` gets whether it was granted.
 */
export function ServerFields({
  kind,
  initial,
  onUse,
}: {
  /** "Speech" or "Transcription": names the fields and the button. */
  kind: string;
  initial: ServerChoice;
  onUse: (server: ServerChoice, granted: boolean) => void;
}) {
  const [server, setServer] = useState(initial);
  return (
    <div class="stack">
      <label>
        {kind} server URL
        <input
          type="url"
          value={server.baseUrl}
          onInput={(e) => setServer({ ...server, baseUrl: e.currentTarget.value })}
        />
      </label>
      <label>
        {kind} model
        <input value={server.model} onInput={(e) => setServer({ ...server, model: e.currentTarget.value })} />
      </label>
      <button
        type="button"
        onClick={() => void ensureHostPermission(server.baseUrl).then((granted) => onUse(server, granted))}
      >
        Use this {kind.toLowerCase()} server
      </button>
    </div>
  );
}
