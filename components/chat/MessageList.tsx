import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { MessageRecord } from '../../lib/db/records';
import { MessageItem } from './MessageItem';
import { GreetingSwipe } from './GreetingSwipe';

interface Props {
  messages: MessageRecord[];
  hasOlder: boolean;
  streamingId: string | null;
  personaName: string;
  /** Before the first message: the greetings to swipe between, and the one shown. */
  greetings: readonly string[];
  greetingIndex: number;
  onSwipeGreeting: (step: 1 | -1) => void;
  forgotten: ReadonlySet<string>;
  onLoadOlder: () => Promise<void>;
  onRegenerate: () => void;
  onEdit: (id: string, text: string) => void;
}

/**
 * The conversation, newest at the bottom. Only a window of recent messages is in the DOM
 * (earlier ones load on demand), so a conversation of 10,000 messages opens as fast as a
 * short one. It follows a streaming reply unless the user has scrolled up to read.
 */
export function MessageList({
  messages,
  hasOlder,
  streamingId,
  personaName,
  greetings,
  greetingIndex,
  onSwipeGreeting,
  forgotten,
  onLoadOlder,
  onRegenerate,
  onEdit,
}: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const last = messages.at(-1);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [messages.length, last?.content, last?.id]);

  // An error that ends the latest reply appears after its last token, below what was just
  // scrolled to (and under the composer): bring it into view, even if the reader scrolled up,
  // down to the end of its message so that Regenerate under it shows too.
  useLayoutEffect(() => {
    if (last?.status !== 'error') return;
    const errors = scroller.current?.querySelectorAll<HTMLElement>('.msg-error');
    // Optional call: jsdom, where component tests render this list, has no scrollIntoView.
    errors?.[errors.length - 1]?.closest('article')?.scrollIntoView?.({ block: 'end' });
  }, [last?.id, last?.status, last?.error]);

  useEffect(() => {
    pinned.current = true;
  }, [messages[0]?.conversationId]);

  const loadOlder = async () => {
    const el = scroller.current;
    const before = el ? el.scrollHeight - el.scrollTop : 0;
    await onLoadOlder();
    // Keep the reader's place: older messages appear above what they were looking at.
    requestAnimationFrame(() => {
      if (el) el.scrollTop = el.scrollHeight - before;
    });
  };

  return (
    <div
      class="messages"
      ref={scroller}
      role="log"
      aria-label="Conversation"
      aria-live="polite"
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {hasOlder && (
        <button type="button" class="secondary load-older" onClick={loadOlder}>
          Show earlier messages
        </button>
      )}
      {messages.length === 0 && (
        <GreetingSwipe
          greetings={greetings}
          index={greetingIndex}
          personaName={personaName}
          onSwipe={onSwipeGreeting}
        />
      )}
      {messages.map((m) => (
        <MessageItem
          key={m.id}
          message={m}
          personaName={personaName}
          forgotten={forgotten}
          streaming={m.id === streamingId}
          busy={streamingId !== null}
          canRegenerate={m.role === 'assistant' && m.id === last?.id && streamingId === null}
          onRegenerate={onRegenerate}
          onEdit={(text) => onEdit(m.id, text)}
        />
      ))}
    </div>
  );
}
