import { useState } from 'preact/hooks';
import type { ConversationRecord } from '../../lib/db/records';

interface Props {
  conversations: ConversationRecord[];
  activeId: string | null;
  query: string;
  /** The conversation just deleted, while it can be brought back. */
  undo: { title: string } | null;
  onQuery: (q: string) => void;
  onOpen: (id: string) => void;
  onNew: () => void;
  onRename: (id: string, title: string) => void;
  /** `forget`: also forget what Hearth learned from it (checked by default). */
  onDelete: (id: string, forget: boolean) => void;
  onUndo: () => void;
  onClose: () => void;
}

/** The list of conversations: search, open, new, rename, delete (with a confirmation and undo). */
export function ConversationDrawer(p: Props) {
  const [renaming, setRenaming] = useState<{ id: string; title: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [forget, setForget] = useState(true);

  return (
    <nav class="drawer" aria-label="Conversations">
      <div class="row">
        <input
          type="search"
          aria-label="Search conversations"
          placeholder="Search conversations"
          value={p.query}
          onInput={(e) => p.onQuery(e.currentTarget.value)}
        />
        <button type="button" onClick={p.onNew}>
          New chat
        </button>
      </div>
      {p.undo && (
        <div class="row notice" role="status">
          <span>Deleted “{p.undo.title}”.</span>
          <button type="button" class="link" onClick={p.onUndo}>
            Undo
          </button>
        </div>
      )}
      {p.conversations.length === 0 && (
        <p class="muted">{p.query ? 'No conversation matches.' : 'No conversations yet.'}</p>
      )}
      <ul role="list">
        {p.conversations.map((c) => (
          <li key={c.id} class={c.id === p.activeId ? 'active' : ''}>
            {renaming?.id === c.id ? (
              <form
                class="row"
                onSubmit={(e) => {
                  e.preventDefault();
                  p.onRename(c.id, renaming.title);
                  setRenaming(null);
                }}
              >
                <input
                  aria-label="Conversation name"
                  value={renaming.title}
                  onInput={(e) => setRenaming({ id: c.id, title: e.currentTarget.value })}
                />
                <button type="submit">Save</button>
              </form>
            ) : confirming === c.id ? (
              <div class="row confirm" role="group" aria-label={`Delete ${c.title}?`}>
                <span>Delete “{c.title}”?</span>
                <label>
                  <input
                    type="checkbox"
                    checked={forget}
                    onChange={(e) => setForget(e.currentTarget.checked)}
                  />{' '}
                  Also forget what was learned from it
                </label>
                <button
                  type="button"
                  class="danger"
                  onClick={() => (p.onDelete(c.id, forget), setConfirming(null))}
                >
                  Delete
                </button>
                <button type="button" class="secondary" onClick={() => setConfirming(null)}>
                  Keep
                </button>
              </div>
            ) : (
              <div class="row">
                <button
                  type="button"
                  class="link conversation"
                  aria-current={c.id === p.activeId ? 'true' : undefined}
                  onClick={() => (p.onOpen(c.id), p.onClose())}
                >
                  {c.title}
                </button>
                <button
                  type="button"
                  class="icon"
                  aria-label={`Rename ${c.title}`}
                  onClick={() => setRenaming({ id: c.id, title: c.title })}
                >
                  Rename
                </button>
                <button
                  type="button"
                  class="icon"
                  aria-label={`Delete ${c.title}`}
                  onClick={() => (setForget(true), setConfirming(c.id))}
                >
                  Delete
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
