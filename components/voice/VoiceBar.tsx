import type { Voice } from './use-voice';

/** A line above the composer while the companion speaks (with Stop), or why it cannot. */
export function VoiceBar({ voice }: { voice: Voice }) {
  if (voice.problem) {
    return (
      <p class="engine-status muted" role="status">
        Voice is on, but {voice.problem.charAt(0).toLowerCase() + voice.problem.slice(1)}
      </p>
    );
  }
  if (voice.status.phase === 'error') {
    return (
      <p class="engine-status error" role="alert">
        The reply could not be spoken: {voice.status.message}
      </p>
    );
  }
  if (voice.status.phase !== 'speaking') return null;
  return (
    <div class="engine-status" role="status" data-testid="speaking">
      <span>Speaking…</span>{' '}
      <button type="button" class="link" onClick={voice.interrupt}>
        Silence
      </button>
    </div>
  );
}
