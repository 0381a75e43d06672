import { z } from 'zod';
import {
  MAX_GREETINGS,
  PERSONA_TEXT_MAX,
  PersonaLorebook,
  PersonaTemperament,
  StoredCard,
} from '../persona/persona-fields';
import { LoreReport } from '../persona/lore-report';

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

/** The `engine` of a stored greeting: written from the persona, not by a model. */
export const GREETING_ENGINE = 'hearth-greeting';

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
  /** The lorebook entries that fired (and those dropped, and why) for this reply: the activation inspector reads it. */
  lorebook: LoreReport.optional(),
  /** A greeting (the persona's first message): which of its greetings it shows. */
  greetingIndex: z.number().int().nonnegative().optional(),
});
export type MessageRecord = z.infer<typeof MessageRecord>;

const personaText = z.string().max(PERSONA_TEXT_MAX).default('');

/**
 * A persona: who the companion is and how it speaks, with everything a character card
 * carries that Hearth uses (card field names in brackets). Every field past the first
 * version's has a default (migration 006 writes them; an older backup reads with them).
 */
export const PersonaRecord = z.object({
  id: z.string().min(1).max(200),
  name: z.string().trim().min(1, 'The persona needs a name.').max(200),
  /** What `{{char}}` says when set (V3 `nickname`). */
  nickname: z.string().max(200).default(''),
  description: personaText,
  personality: personaText,
  scenario: personaText,
  /** The first message of a conversation (`first_mes`). */
  greeting: personaText,
  /** Other first messages the user can swipe to (`alternate_greetings`). */
  alternateGreetings: z.array(z.string().max(PERSONA_TEXT_MAX)).max(MAX_GREETINGS).default([]),
  /** Example dialogue, blocks separated by `<START>` (`mes_example`). */
  exampleDialogue: personaText,
  /** Replaces Hearth's opening line of the system prompt; `{{original}}` is that line (`system_prompt`). */
  systemPrompt: personaText,
  /** Put near the end of every prompt; `{{original}}` is Hearth's reminder (`post_history_instructions`). */
  postHistoryInstructions: personaText,
  speakingStyle: personaText,
  /** How the persona looks, for image prompts (the pictures issue). */
  appearance: personaText,
  /** Facts this persona learns about the user stay with it; other personas do not see them. */
  keepsToItself: z.boolean().default(false),
  /** The mood it returns to; null: Hearth's default temperament. */
  temperament: PersonaTemperament.nullable().default(null),
  lorebook: PersonaLorebook.nullable().default(null),
  /** The card it was imported from (for a lossless export); null when made in Hearth. */
  card: StoredCard.nullable().default(null),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type PersonaRecord = z.infer<typeof PersonaRecord>;
/** A persona as written by a caller: the fields with defaults may be left out. */
export type PersonaInput = z.input<typeof PersonaRecord>;

/** A secret (the endpoint's API key) by name; kept in IndexedDB, out of content scripts' reach. */
export const SecretRecord = z.object({
  name: z.string().min(1).max(64),
  value: z.string().max(4096),
  updatedAt: z.number(),
});
export type SecretRecord = z.infer<typeof SecretRecord>;

/** What a persona's stored file is for. */
export const PersonaAssetKind = z.enum(['avatar', 'emotion', 'card-image', 'card-file']);
export type PersonaAssetKind = z.infer<typeof PersonaAssetKind>;

/** The largest file a persona keeps (an avatar, an emotion image, a CHARX asset). */
export const MAX_PERSONA_ASSET_BYTES = 32 * 1024 * 1024;

/**
 * A persona's image or file: its avatar, an emotion image (label: the feeling), or what its
 * card carried (card-image: the PNG the card came in; card-file: a CHARX file, label: its
 * path in the zip), kept so an export gives the card back whole.
 */
export const PersonaAssetRecord = z.object({
  id: z.string().min(1).max(200),
  personaId: z.string().min(1).max(200),
  kind: PersonaAssetKind,
  /** The feeling for an emotion image, the zip path for a card file, a name otherwise. */
  label: z.string().max(1_000),
  mime: z.string().max(200),
  bytes: z
    .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected bytes (a Uint8Array)' })
    .refine((b) => b.byteLength <= MAX_PERSONA_ASSET_BYTES, {
      message: `is larger than ${MAX_PERSONA_ASSET_BYTES / 1024 / 1024} MB`,
    }),
  createdAt: z.number(),
});
export type PersonaAssetRecord = z.infer<typeof PersonaAssetRecord>;
