import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { MessageRecord } from '../../lib/db/records';
import type { Reaction } from '../../lib/page/comment-history';

/** What a page comment's buttons call: the panel's reaction handler (components/chat/PageCommentPoller.tsx). */
export const PageCommentContext = createContext<
  ((message: MessageRecord, reaction: Reaction) => void) | null
>(null);

type PageCommentInfo = NonNullable<MessageRecord['pageComment']>;

/** Above a page comment: that it is one, the page's title as a link, and "why this comment". */
export function PageCommentHeader({ comment }: { comment: PageCommentInfo }) {
  return (
    <div class="page-comment" data-testid="page-comment">
      <span class="muted">
        {comment.kind === 'noticed' ? 'Noticed while you were away: ' : 'About the page '}
      </span>
      <a href={comment.url} target="_blank" rel="noopener noreferrer" title={comment.url}>
        {comment.title || comment.url}
      </a>
      <details class="page-comment-why">
        <summary>Why this comment</summary>
        <p>{comment.why}</p>
      </details>
    </div>
  );
}

const REACTIONS: { reaction: Reaction; label: string }[] = [
  { reaction: 'thumbs-up', label: 'Nice comment' },
  { reaction: 'thumbs-down', label: 'Not helpful' },
  { reaction: 'dismissed', label: 'Dismiss' },
];

/** Under a page comment: the reactions that teach Hearth when to speak (and move its mood a little). */
export function PageCommentActions({ message }: { message: MessageRecord }) {
  const react = useContext(PageCommentContext);
  const chosen = message.pageComment?.reaction;
  if (!react || !message.pageComment) return null;
  return (
    <div class="msg-actions page-comment-actions" role="group" aria-label="Your reaction to this comment">
      {REACTIONS.map(({ reaction, label }) => (
        <button
          key={reaction}
          type="button"
          class="icon"
          aria-pressed={chosen === reaction}
          disabled={chosen !== undefined && chosen !== reaction}
          onClick={() => chosen === undefined && react(message, reaction)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
