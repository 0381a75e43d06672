import { useEffect, useState } from 'preact/hooks';
import type { ChatSession, ChatState } from '../../lib/companion/chat-session';

/** The chat session's state, re-rendered whenever the session says it changed. */
export function useChatState(session: ChatSession): ChatState {
  const [state, setState] = useState(session.state);
  useEffect(() => {
    setState(session.state);
    return session.subscribe(setState);
  }, [session]);
  return state;
}
