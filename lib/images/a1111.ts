import { z } from 'zod';
import { endpointUrl } from '../voice/openai-speech';
import type { GeneratedImage, ImageGenerator, ImageProgress, ImageRequest } from './image-generator';
import { ImageError, cancelled, decodeImage } from './image-generator';

/** Where an AUTOMATIC1111 or Forge web UI listens (started with --api and --cors-allow-origins). */
export interface A1111Config {
  baseUrl: string;
  steps: number;
}

/** What the page gives the client: fetch and a wait between progress polls. */
export interface A1111Deps {
  fetch: typeof fetch;
  /** Waits between polls of /sdapi/v1/progress; resolves early (or rejects) on abort. */
  wait: (ms: number, signal: AbortSignal) => Promise<void>;
  pollMs?: number;
}

const Progress = z.object({ progress: z.number().min(0).max(1) }).passthrough();
const Answer = z.object({ images: z.array(z.string()).min(1) }).passthrough();
const NAME = 'The image server';

/**
 * AUTOMATIC1111/Forge: `/sdapi/v1/txt2img` makes the picture, `/sdapi/v1/progress` is polled
 * while it works, and cancelling calls `/sdapi/v1/interrupt` (the server stops the job) as
 * well as dropping the request. Redirects are refused.
 */
export function createA1111Generator(config: A1111Config, deps: A1111Deps): ImageGenerator {
  const url = (path: string) => endpointUrl(config.baseUrl, `sdapi/v1/${path}`);
  async function poll(signal: AbortSignal, onProgress: (p: ImageProgress) => void) {
    while (!signal.aborted) {
      await deps.wait(deps.pollMs ?? 1000, signal).catch(() => undefined);
      if (signal.aborted) return;
      try {
        const response = await deps.fetch(url('progress?skip_current_image=true'), {
          signal,
          redirect: 'error',
        });
        const parsed = Progress.safeParse(await response.json());
        if (parsed.success && !signal.aborted) {
          const percent = Math.round(parsed.data.progress * 100);
          onProgress({ fraction: parsed.data.progress, text: `Drawing… ${percent}%` });
        }
      } catch {
        // Progress is a courtesy: a missed poll changes nothing.
      }
    }
  }
  return {
    id: 'a1111',
    async generate(request: ImageRequest, { signal, onProgress }): Promise<GeneratedImage> {
      if (signal.aborted) throw cancelled();
      const polling = new AbortController();
      const stopPolling = () => polling.abort();
      signal.addEventListener('abort', stopPolling, { once: true });
      const interrupt = () =>
        void deps.fetch(url('interrupt'), { method: 'POST', redirect: 'error' }).catch(() => undefined);
      signal.addEventListener('abort', interrupt, { once: true });
      onProgress?.({ fraction: null, text: 'Asking the image server…' });
      if (onProgress) void poll(polling.signal, onProgress);
      try {
        let response: Response;
        try {
          response = await deps.fetch(url('txt2img'), {
            method: 'POST',
            redirect: 'error',
            signal,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              prompt: request.prompt,
              negative_prompt: request.negativePrompt ?? '',
              width: request.width,
              height: request.height,
              steps: config.steps,
              batch_size: 1,
              n_iter: 1,
            }),
          });
        } catch (error) {
          if (signal.aborted) throw cancelled();
          throw new ImageError(
            `${NAME} at ${config.baseUrl} could not be reached (${error instanceof Error ? error.message : String(error)}). Is it running with --api, and --cors-allow-origins for this extension?`,
          );
        }
        if (!response.ok) throw new ImageError(`${NAME} answered ${response.status}.`);
        const parsed = Answer.safeParse(await response.json().catch(() => null));
        if (!parsed.success) throw new ImageError(`${NAME} did not answer with a picture.`);
        return decodeImage(parsed.data.images[0], NAME);
      } finally {
        stopPolling();
        signal.removeEventListener('abort', stopPolling);
        signal.removeEventListener('abort', interrupt);
      }
    },
  };
}
