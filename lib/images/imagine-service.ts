import type { MessageRecord, PersonaRecord } from '../db/records';
import type { Feeling } from '../mood/types';
import { newId } from '../util/id';
import type { ImageGenerator, ImageProgress } from './image-generator';
import { buildImagePrompt } from './image-prompt';
import type { ImageStore } from './image-store';
import { personaAppearance } from './persona-appearance';

/** The part of the chat store /imagine writes to. */
export interface ImagineChat {
  addMessage(message: Omit<MessageRecord, 'id' | 'seq' | 'createdAt'>): Promise<MessageRecord>;
}

/** What one /imagine needs. */
export interface ImagineDeps {
  chat: ImagineChat;
  images: Pick<ImageStore, 'put'>;
  generator: () => { generator: ImageGenerator } | { generator: null; reason: string };
  persona: () => PersonaRecord;
  /** The companion's named feeling now, or null without a mood. */
  feeling: (personaId: string) => Promise<Feeling | null>;
  now: () => number;
}

/** How an /imagine ended, for the panel to show in words. */
export type ImagineOutcome =
  | { kind: 'done'; reply: MessageRecord }
  | { kind: 'cancelled'; reply: MessageRecord }
  | { kind: 'error'; reply: MessageRecord; message: string };

/**
 * `/imagine <request>` in a conversation: the command is stored as the user's message, the
 * picture is made from the request, the persona's appearance and its feeling (never from page
 * text), kept as a blob with the reply that shows it, and a cancel or an error is stored as a
 * reply that says so in words.
 */
export async function runImagine(
  deps: ImagineDeps,
  input: {
    conversationId: string;
    command: string;
    request: string;
    signal: AbortSignal;
    onProgress: (p: ImageProgress) => void;
    /** Called once the user's message is stored (the composer may clear). */
    onStored?: (user: MessageRecord) => void;
  },
): Promise<ImagineOutcome> {
  const persona = deps.persona();
  const user = await deps.chat.addMessage({
    conversationId: input.conversationId,
    role: 'user',
    content: input.command,
    status: 'complete',
  });
  input.onStored?.(user);
  const reply = (content: string, status: MessageRecord['status'], error?: string) =>
    deps.chat.addMessage({
      conversationId: input.conversationId,
      role: 'assistant',
      content,
      status,
      ...(error ? { error } : {}),
      engine: 'images',
    });
  if (!input.request) {
    const message = 'Say what to imagine after /imagine, for example “/imagine a lighthouse at dusk”.';
    return { kind: 'error', reply: await reply('', 'error', message), message };
  }
  const chosen = deps.generator();
  if (!chosen.generator)
    return { kind: 'error', reply: await reply('', 'error', chosen.reason), message: chosen.reason };
  const prompt = buildImagePrompt({
    request: input.request,
    appearance: personaAppearance(persona),
    feeling: await deps.feeling(persona.id).catch(() => null),
  });
  try {
    const image = await chosen.generator.generate(
      { prompt, width: 512, height: 512 },
      { signal: input.signal, onProgress: input.onProgress },
    );
    // The panel reloads the conversation once both are written, so the reply shows with its picture.
    const imageId = newId();
    const blob = new Blob([image.bytes], { type: image.mime });
    const shown = await reply(`I imagined ${input.request}.`, 'complete');
    await deps.images.put({
      id: imageId,
      messageId: shown.id,
      conversationId: input.conversationId,
      blob,
      mime: image.mime,
      prompt,
      createdAt: deps.now(),
    });
    return { kind: 'done', reply: shown };
  } catch (error) {
    if (input.signal.aborted)
      return { kind: 'cancelled', reply: await reply('The picture was cancelled.', 'stopped') };
    const message = `The picture could not be made: ${error instanceof Error ? error.message : String(error)}`;
    return { kind: 'error', reply: await reply('', 'error', message), message };
  }
}
