import { z } from 'zod';

/**
 * Pictures (settings section `images`): no server until the person sets one up, then
 * AUTOMATIC1111/Forge or an OpenAI-compatible images server.
 */
export const ImagesSettings = z.object({
  engine: z.enum(['a1111', 'openai']).nullable(),
  a1111: z.object({ baseUrl: z.string().max(2048), steps: z.number().int().min(1).max(150) }),
  openai: z.object({ baseUrl: z.string().max(2048), model: z.string().max(256) }),
  width: z.number().int().min(64).max(2048),
  height: z.number().int().min(64).max(2048),
});
/** Image settings. */
export type ImagesSettings = z.infer<typeof ImagesSettings>;

/** No image server yet; A1111's and a local OpenAI-compatible server's usual addresses. */
export const DEFAULT_IMAGES_SETTINGS: ImagesSettings = {
  engine: null,
  a1111: { baseUrl: 'http://127.0.0.1:7860', steps: 20 },
  openai: { baseUrl: 'http://127.0.0.1:8080/v1', model: 'stable-diffusion' },
  width: 512,
  height: 512,
};
