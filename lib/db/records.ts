import { z } from 'zod';

/** A conversation: a titled thread of messages with one persona. */
export const ConversationRecord = z.object({
  id: z.string().min(1),
  title: z.string(),
  personaId: z.string().min(1),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type ConversationRecord = z.infer<typeof ConversationRecord>;

/** How a stored message ended: complete, stopped by the user, or failed with an error shown in words. */
export const MessageStatus = z.enum(['complete', 'stopped', 'error']);
export type MessageStatus = z.infer<typeof MessageStatus>;

/** One chat message as stored. `seq` orders messages within a conversation. */
export const MessageRecord = z.object({
  id: z.string().min(1),
  conversationId: z.string().min(1),
  seq: z.number().int().nonnegative(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  createdAt: z.number(),
  status: MessageStatus,
  error: z.string().optional(),
  /** Which engine and model wrote an assistant message. */
  engine: z.string().optional(),
  model: z.string().optional(),
  /** The memories a reply drew on, as they read then ("remembered" chips). */
  memories: z
    .array(z.object({ id: z.string(), text: z.string().max(2000) }))
    .max(20)
    .optional(),
  /** A comment Hearth made on a page the user was reading (lib/page): the page, why, and the user's reaction. */
  pageComment: z
    .object({
      commentId: z.string().min(1).max(100),
      kind: z.enum(['comment', 'noticed']),
      url: z.string().max(4096),
      title: z.string().max(500),
      why: z.string().max(1000),
      reaction: z.enum(['dismissed', 'thumbs-up', 'thumbs-down', 'replied']).optional(),
    })
    .optional(),
});
export type MessageRecord = z.infer<typeof MessageRecord>;

/** A persona: who the companion is and how it speaks. */
export const PersonaRecord = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1, 'The persona needs a name.').max(80),
  description: z.string().max(2000),
  personality: z.string().max(2000),
  greeting: z.string().max(1000),
  speakingStyle: z.string().max(2000),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type PersonaRecord = z.infer<typeof PersonaRecord>;

/** A secret (the endpoint's API key) by name; kept in IndexedDB, out of content scripts' reach. */
export const SecretRecord = z.object({
  name: z.string().min(1).max(64),
  value: z.string().max(4096),
  updatedAt: z.number(),
});
export type SecretRecord = z.infer<typeof SecretRecord>;
