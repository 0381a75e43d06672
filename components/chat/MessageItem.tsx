import { useMemo, useState } from 'preact/hooks';
import type { MessageRecord } from '../../lib/db/records';
import { renderMarkdown } from '../../lib/chat/markdown';

interface Props {
  message: MessageRecord;
  personaName: string;
  streaming: boolean;
  canRegenerate: boolean;
  busy: boolean;
  onRegenerate: () => void;
  onEdit: (text: string) => void;
}

/** One message: the model's as sanitised Markdown, the user's as plain text, with its actions. */
export function MessageItem({
  message,
  personaName,
  streaming,
  canRegenerate,
  busy,
  onRegenerate,
  onEdit,
}: Props) {
  const [editing, setEditing] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const isUser = message.role === 'user';
  const html = useMemo(() => (isUser ? '' : renderMarkdown(message.content)), [isUser, message.content]);
  const who = isUser ? 'You' : personaName;

  const copy = async () => {
    await navigator.clipboard.writeText(message.content).catch(() => {});
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  return (
    <article
      class={`msg ${isUser ? 'msg-user' : 'msg-assistant'}`}
      aria-label={`${who} said`}
      data-status={message.status}
    >
      <div class="msg-who">{who}</div>
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
        <div class="msg-body markdown" dangerouslySetInnerHTML={{ __html: html }} />
      )}
      {streaming && !message.content && <div class="typing" aria-label={`${personaName} is typing`} />}
      {message.status === 'stopped' && !streaming && <div class="msg-note">Stopped</div>}
      {message.status === 'error' && (
        <div class="msg-error" role="alert">
          {message.error ?? 'The reply failed.'}
        </div>
      )}
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
