import type { ConversationRecord, PersonaRecord } from '../db/records';
import type { ShownMessage } from '../chat/chat-turn';

/** Everything the chat screen shows; a new object whenever something changed. */
export interface ChatState {
  conversations: ConversationRecord[];
  query: string;
  activeId: string | null;
  messages: ShownMessage[];
  hasOlder: boolean;
  streamingId: string | null;
  /** A turn is running (from the stored user message to the stored reply): Stop, not Send. */
  busy: boolean;
  notice: string | null;
  /** Memories forgotten while this panel is open: their chips go at once. */
  forgotten: ReadonlySet<string>;
  /** The conversation just deleted, while it can still be brought back. */
  undo: { title: string } | null;
  /** The open conversation's persona (the active one while none is open); null until started. */
  persona: PersonaRecord | null;
  /** Before the first message: the greetings the conversation may open with, and the one shown. */
  greetings: string[];
  greetingIndex: number;
}

/** The state of a session that has not started. */
export function initialChatState(): ChatState {
  return {
    conversations: [],
    query: '',
    activeId: null,
    messages: [],
    hasOlder: false,
    streamingId: null,
    busy: false,
    notice: null,
    forgotten: new Set(),
    undo: null,
    persona: null,
    greetings: [],
    greetingIndex: 0,
  };
}
