import { useEffect, useState } from 'preact/hooks';
import type { EngineKind } from '../../lib/llm/engine';
import type { Settings } from '../../lib/settings/schema';
import { detectWebGpu, type GpuStatus } from '../../lib/llm/webllm/webgpu';
import { EngineChooser } from '../settings/EngineChooser';

/** What to suggest on this device: a real GPU runs models well; otherwise a server does. */
export function recommendEngine(gpu: GpuStatus | null): EngineKind {
  return gpu?.kind === 'gpu' ? 'webllm' : 'openai';
}

function gpuSentence(gpu: GpuStatus | null): string {
  if (!gpu) return 'Checking what this device can run…';
  if (gpu.kind === 'gpu') return 'This device has a GPU that can run a language model privately.';
  if (gpu.kind === 'fallback')
    return 'This browser only offers a software graphics adapter: on-device models would be very slow. Your own server is the better choice here.';
  return `On-device models can't run in this browser. ${gpu.reason}`;
}

/** The first-run screen: what each engine means for privacy and effort, and what fits this device. */
export function FirstRun({ settings }: { settings: Settings }) {
  const [gpu, setGpu] = useState<GpuStatus | null>(null);
  useEffect(() => {
    // detectWebGpu never throws: every failure is the 'none' case with its reason.
    void detectWebGpu().then(setGpu);
  }, []);
  return (
    <main class="first-run">
      <h1>Welcome to Hearth</h1>
      <p>
        Hearth is a companion that lives in your browser. Everything it remembers stays on this device. To
        talk, it needs a language model: choose where it runs.
      </p>
      <ul class="muted">
        <li>
          <strong>On this device</strong>: private, works offline after a one-time download of 1–5 GB. Needs a
          GPU.
        </li>
        <li>
          <strong>Your own server</strong>: a model you run (Ollama, LM Studio…) or an endpoint you trust.
          Your messages go only there.
        </li>
      </ul>
      <p role="status">{gpuSentence(gpu)}</p>
      {/* The sentence above says what the adapter can do; the local-model card does not repeat it. */}
      <EngineChooser settings={settings} recommended={gpu ? recommendEngine(gpu) : undefined} gpuExplained />
    </main>
  );
}
