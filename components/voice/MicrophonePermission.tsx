import { useState } from 'preact/hooks';

/**
 * The page opened in a tab to allow the microphone once. Chrome does not show permission
 * prompts in a side panel, but a grant made on any of the extension's own pages holds for
 * all of them, the panel included.
 */
export function MicrophonePermission() {
  const [state, setState] = useState<{ kind: 'idle' | 'granted' | 'error'; text?: string }>({ kind: 'idle' });
  const ask = async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      // Only the permission was wanted: the microphone is released at once.
      for (const track of stream.getTracks()) track.stop();
      setState({ kind: 'granted' });
    } catch (error) {
      const denied = error instanceof DOMException && error.name === 'NotAllowedError';
      setState({
        kind: 'error',
        text: denied
          ? 'The microphone was not allowed. To change that, click the icon at the left of the address bar, allow the microphone, and press the button again.'
          : `The microphone could not be opened (${error instanceof Error ? error.message : String(error)}).`,
      });
    }
  };
  return (
    <main class="first-run">
      <h1>Allow Hearth to hear you</h1>
      <p>
        Push-to-talk in Hearth's side panel needs the microphone. The side panel cannot ask for it itself, so
        this page asks once. After you allow it here, the panel can listen, and only while you hold or press
        its microphone button. Nothing is recorded at any other time.
      </p>
      <button type="button" onClick={() => void ask()}>
        Allow the microphone
      </button>
      {state.kind === 'granted' && (
        <p role="status">Done. You can close this tab and use push-to-talk in the panel.</p>
      )}
      {state.kind === 'error' && <p role="alert">{state.text}</p>}
    </main>
  );
}
