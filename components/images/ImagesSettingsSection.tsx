import { useState } from 'preact/hooks';
import type { Settings } from '../../lib/settings/schema';
import { updateSettings } from '../../lib/settings/store';
import { ensureHostPermission } from '../../lib/llm/host-permission';
import type { ImagesSettings } from '../../lib/images/image-settings';

/**
 * Pictures for `/imagine`: an AUTOMATIC1111/Forge web UI or an OpenAI-compatible images
 * server the person runs. Access to its origin is asked for when it is saved.
 */
export function ImagesSettingsSection({ settings }: { settings: Settings }) {
  const images = settings.images;
  const [draft, setDraft] = useState<ImagesSettings>(images);
  const [status, setStatus] = useState<{ kind: 'idle' | 'saved' | 'error'; text?: string }>({ kind: 'idle' });
  const origin = typeof location === 'undefined' ? 'chrome-extension://<id>' : location.origin;

  const use = async () => {
    const url = draft.engine === 'a1111' ? draft.a1111.baseUrl : draft.openai.baseUrl;
    // Asked for in the click's gesture; a server that allows this origin by CORS works without it.
    const granted = draft.engine ? await ensureHostPermission(url) : true;
    try {
      await updateSettings((s) => ({ ...s, images: draft }));
      setStatus(
        granted
          ? { kind: 'saved', text: draft.engine ? 'Saved. Try /imagine in the chat.' : 'Pictures are off.' }
          : {
              kind: 'error',
              text: 'Saved, but access to that server was not granted: it works only if the server allows this extension (CORS).',
            },
      );
    } catch (error) {
      setStatus({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <form
      class="stack"
      aria-label="Pictures"
      onSubmit={(e) => {
        e.preventDefault();
        void use();
      }}
    >
      <fieldset class="stack">
        <legend>Image server</legend>
        {(
          [
            [null, 'None (/imagine is off)'],
            ['a1111', 'AUTOMATIC1111 or Forge (/sdapi/v1/txt2img)'],
            ['openai', 'OpenAI-compatible (/v1/images/generations)'],
          ] as const
        ).map(([value, label]) => (
          <label class="row" key={String(value)}>
            <input
              type="radio"
              name="image-engine"
              checked={draft.engine === value}
              onChange={() => setDraft({ ...draft, engine: value })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {draft.engine === 'a1111' && (
        <>
          <label>
            Web UI address
            <input
              type="url"
              value={draft.a1111.baseUrl}
              onInput={(e) =>
                setDraft({ ...draft, a1111: { ...draft.a1111, baseUrl: e.currentTarget.value } })
              }
            />
          </label>
          <p class="muted">
            Start it with <code>--api --cors-allow-origins={origin}</code> so that Hearth may call it; without
            the API flag there is nothing to call, and without the origin the browser refuses its answers.
          </p>
        </>
      )}
      {draft.engine === 'openai' && (
        <>
          <label>
            Images server URL
            <input
              type="url"
              value={draft.openai.baseUrl}
              onInput={(e) =>
                setDraft({ ...draft, openai: { ...draft.openai, baseUrl: e.currentTarget.value } })
              }
            />
          </label>
          <label>
            Image model
            <input
              value={draft.openai.model}
              onInput={(e) =>
                setDraft({ ...draft, openai: { ...draft.openai, model: e.currentTarget.value } })
              }
            />
          </label>
        </>
      )}
      <p class="muted">
        A picture's prompt is made from what you ask, the persona's appearance and its current feeling. Text
        from web pages never goes into it. Pictures are kept in this browser with their message, shown from
        local copies only, and included in backups up to 20 MB in all.
      </p>
      <button type="submit">Use this image server</button>
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
