import { useState } from 'preact/hooks';
import type { ConversationRecord } from '../../lib/db/records';

interface Props {
  conversations: ConversationRecord[];
  activeId: string | null;
  query: string;
  onQuery: (q: string) => void;
  onOpen: (id: string) => void;
  onNew: () => void;
  onRename: (id: string, title: string) => void;
  onDelete: (id: string) => void;
  onClose: () => void;
}

/** The list of conversations: search, open, new, rename, delete (with a confirmation). */
export function ConversationDrawer(p: Props) {
  const [renaming, setRenaming] = useState<{ id: string; title: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

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
                <button type="button" class="danger" onClick={() => (p.onDelete(c.id), setConfirming(null))}>
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
                  onClick={() => setConfirming(c.id)}
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
