import { z } from 'zod';
import { endpointUrl } from '../voice/openai-speech';
import type { GeneratedImage, ImageGenerator, ImageRequest } from './image-generator';
import { ImageError, cancelled, decodeImage } from './image-generator';

/** An OpenAI-compatible images server (LocalAI, a ComfyUI bridge, …). */
export interface OpenAiImagesConfig {
  baseUrl: string;
  model: string;
}

const Answer = z
  .object({ data: z.array(z.object({ b64_json: z.string() }).passthrough()).min(1) })
  .passthrough();
const NAME = 'The image server';

/**
 * `/v1/images/generations` with `response_format: b64_json`: the picture comes in the answer,
 * so nothing is ever loaded from a remote URL. The API has no progress; cancelling drops the request.
 */
export function createOpenAiImages(
  config: OpenAiImagesConfig,
  deps: { fetch: typeof fetch },
): ImageGenerator {
  return {
    id: 'openai',
    async generate(request: ImageRequest, { signal, onProgress }): Promise<GeneratedImage> {
      if (signal.aborted) throw cancelled();
      onProgress?.({ fraction: null, text: 'Drawing… (this server does not report progress)' });
      let response: Response;
      try {
        response = await deps.fetch(endpointUrl(config.baseUrl, 'images/generations'), {
          method: 'POST',
          redirect: 'error',
          signal,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            model: config.model,
            prompt: request.prompt,
            n: 1,
            size: `${request.width}x${request.height}`,
            response_format: 'b64_json',
          }),
        });
      } catch (error) {
        if (signal.aborted) throw cancelled();
        throw new ImageError(
          `${NAME} at ${config.baseUrl} could not be reached (${error instanceof Error ? error.message : String(error)}).`,
        );
      }
      if (!response.ok) throw new ImageError(`${NAME} answered ${response.status}.`);
      const parsed = Answer.safeParse(await response.json().catch(() => null));
      if (!parsed.success) throw new ImageError(`${NAME} did not answer with a picture (no b64_json).`);
      return decodeImage(parsed.data.data[0]!.b64_json, NAME);
    },
  };
}
