import { browser } from 'wxt/browser';
import { isGreeting } from '../../lib/companion/conversation-persona';
import { useState } from 'preact/hooks';
import type { MessageRecord } from '../../lib/db/records';
import { MarkdownBody } from './MarkdownBody';
import { MessageImages } from '../images/MessageImages';
import { PageCommentActions, PageCommentHeader } from './PageComment';

interface Props {
  message: MessageRecord;
  personaName: string;
  forgotten: ReadonlySet<string>;
  streaming: boolean;
  canRegenerate: boolean;
  busy: boolean;
  onRegenerate: () => void;
  onEdit: (text: string) => void;
}

/** The memories a reply drew on, each a link to it in the memory manager. */
function RememberedChips({ refs }: { refs: { id: string; text: string }[] }) {
  if (refs.length === 0) return null;
  return (
    <ul class="remembered" aria-label="Remembered">
      {refs.map((ref) => (
        <li key={ref.id}>
          <a
            class="chip"
            href={browser.runtime.getURL(`/options.html#memory=${encodeURIComponent(ref.id)}`)}
            target="_blank"
            rel="noopener"
            title={ref.text}
          >
            {ref.text.length > 60 ? `${ref.text.slice(0, 59)}…` : ref.text}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** One message: the model's as sanitised Markdown, the user's as plain text, with its actions. */
export function MessageItem({
  message,
  personaName,
  forgotten,
  streaming,
  canRegenerate,
  busy,
  onRegenerate,
  onEdit,
}: Props) {
  const [editing, setEditing] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const isUser = message.role === 'user';
  const who = isUser ? 'You' : personaName;

  const copy = async () => {
    await navigator.clipboard.writeText(message.content).catch(() => {});
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  return (
    <article
      // A greeting (the persona's first message, chosen before the user spoke) is marked apart.
      class={`msg ${isUser ? 'msg-user' : 'msg-assistant'}${isGreeting(message) ? ' msg-greeting' : ''}`}
      aria-label={`${who} said`}
      aria-busy={streaming}
      data-status={message.status}
    >
      <div class="msg-who">{who}</div>
      {message.pageComment && <PageCommentHeader comment={message.pageComment} />}
      {editing !== null ? (
        <form
          class="msg-edit"
          onSubmit={(e) => {
            e.preventDefault();
            if (editing.trim()) onEdit(editing);
            setEditing(null);
          }}
        >
          <textarea
            aria-label="Edit message"
            value={editing}
            onInput={(e) => setEditing(e.currentTarget.value)}
            rows={3}
          />
          <div class="row">
            <button type="submit" disabled={!editing.trim()}>
              Save and resend
            </button>
            <button type="button" class="secondary" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : isUser ? (
        <div class="msg-body msg-plain">{message.content}</div>
      ) : (
        <MarkdownBody text={message.content} streaming={streaming} />
      )}
      {!isUser && message.engine === 'images' && (
        <MessageImages messageId={message.id} alt={message.content} />
      )}
      {streaming && !message.content && <div class="typing" aria-label={`${personaName} is typing`} />}
      <RememberedChips refs={(message.memories ?? []).filter((m) => !forgotten.has(m.id))} />
      {message.status === 'stopped' && !streaming && <div class="msg-note">Stopped</div>}
      {message.status === 'error' && (
        <div class="msg-error" role="alert">
          {message.error ?? 'The reply failed.'}
        </div>
      )}
      {!streaming && <PageCommentActions message={message} />}
      {!streaming && editing === null && (
        <div class="msg-actions">
          <button type="button" class="icon" aria-label="Copy message" onClick={copy}>
            {copied ? 'Copied' : 'Copy'}
          </button>
          {isUser && (
            <button
              type="button"
              class="icon"
              aria-label="Edit message"
              disabled={busy}
              onClick={() => setEditing(message.content)}
            >
              Edit
            </button>
          )}
          {canRegenerate && (
            <button
              type="button"
              class="icon"
              aria-label="Regenerate reply"
              disabled={busy}
              onClick={onRegenerate}
            >
              Regenerate
            </button>
          )}
        </div>
      )}
    </article>
  );
}
