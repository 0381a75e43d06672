import { createA1111Generator, type A1111Deps } from './a1111';
import type { ImageGenerator } from './image-generator';
import type { ImagesSettings } from './image-settings';
import { createOpenAiImages } from './openai-images';

/**
 * The one place an image server is chosen, from the settings. Null, with the reason in words,
 * while none is set up.
 */
export function createImageGenerator(
  settings: ImagesSettings,
  deps: A1111Deps,
): { generator: ImageGenerator } | { generator: null; reason: string } {
  switch (settings.engine) {
    case 'a1111':
      return { generator: createA1111Generator(settings.a1111, deps) };
    case 'openai':
      return { generator: createOpenAiImages(settings.openai, deps) };
    default:
      return {
        generator: null,
        reason: 'No image server is set up. Choose one in Settings → Pictures to use /imagine.',
      };
  }
}
