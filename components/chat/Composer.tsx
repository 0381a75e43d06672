import { useRef, useState } from 'preact/hooks';

interface Props {
  disabled: boolean;
  disabledReason?: string;
  streaming: boolean;
  enterSends: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
}

/** The message box: Enter sends and Shift+Enter starts a new line (or the reverse, by setting). */
export function Composer({ disabled, disabledReason, streaming, enterSends, onSend, onStop }: Props) {
  const [text, setText] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);

  const send = () => {
    if (disabled || streaming || !text.trim()) return;
    onSend(text);
    setText('');
    box.current?.focus();
  };

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
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
            send();
          }
        }}
      />
      {streaming ? (
        <button type="button" class="stop" onClick={onStop}>
          Stop
        </button>
      ) : (
        <button type="submit" disabled={disabled || !text.trim()}>
          Send
        </button>
      )}
    </form>
  );
}
