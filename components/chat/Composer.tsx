import { useRef, useState } from 'preact/hooks';
import { MAX_MESSAGE_CHARS, messageLengthProblem } from '../../lib/chat/message-limits';
import { PushToTalk, type PushToTalkProps } from '../voice/PushToTalk';

interface Props {
  disabled: boolean;
  disabledReason?: string;
  streaming: boolean;
  enterSends: boolean;
  /** Resolves true once the message is safely stored; the text stays in the box until then. */
  onSend: (text: string) => Promise<boolean>;
  onStop: () => void;
  /** Push-to-talk (issue 11): absent where voice input is not offered. */
  talk?: Omit<PushToTalkProps, 'onText'>;
}

/** The message box: Enter sends and Shift+Enter starts a new line (or the reverse, by setting). */
export function Composer({ disabled, disabledReason, streaming, enterSends, onSend, onStop, talk }: Props) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  // The session refuses it too; saying so here, as it happens, keeps the user from a dead Send.
  const tooLong = text.length > MAX_MESSAGE_CHARS ? messageLengthProblem(text.trim()) : null;

  // The text is cleared only after the message is stored: on a full disk it stays, to send again.
  const send = async () => {
    if (disabled || streaming || sending || tooLong || !text.trim()) return;
    const sent = text;
    setSending(true);
    try {
      if (await onSend(sent)) setText((current) => (current === sent ? '' : current));
    } finally {
      setSending(false);
      box.current?.focus();
    }
  };

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <textarea
        ref={box}
        aria-label="Message"
        placeholder={disabled ? disabledReason : 'Say something…'}
        rows={2}
        value={text}
        disabled={disabled}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || e.isComposing) return;
          const wantsSend = enterSends ? !e.shiftKey : e.shiftKey || e.ctrlKey || e.metaKey;
          if (wantsSend) {
            e.preventDefault();
            void send();
          }
        }}
      />
      {talk && !disabled && (
        <PushToTalk
          {...talk}
          onText={(heard) => setText((current) => (current.trim() ? `${current} ${heard}` : heard))}
        />
      )}
      {streaming ? (
        <button type="button" class="stop" onClick={onStop}>
          Stop
        </button>
      ) : (
        <button type="submit" disabled={disabled || sending || !!tooLong || !text.trim()}>
          Send
        </button>
      )}
      {tooLong && (
        <p class="error composer-problem" role="alert">
          {tooLong}
        </p>
      )}
    </form>
  );
}
