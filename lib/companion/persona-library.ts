import type { PersonaRecord } from '../db/records';
import type { ChatStore } from '../chat/chat-store';
import type { Feeling } from '../mood/types';
import type { Change } from '../messaging/changes';
import { CardNameMissingError } from '../persona/cards/card-limits';
import { exportCard, type CardExportFormat } from '../persona/cards/export-card';
import { importCard } from '../persona/cards/import-card';
import { embeddedPath } from '../persona/cards/charx';
import { isPng } from '../persona/cards/png-card';
import { EMOTION_IMAGE_TYPES, createEmotionImagesService } from '../persona/emotion-images-service';
import type { PersonaService } from '../persona/persona-service';
import type { LoreReport } from '../persona/lore-report';

/*
 * The persona library's service (the options page's Persona section): the persona service
 * (lib/persona/persona-service.ts) with the card reader and writer (lib/persona/cards) and
 * the emotion images in front of it, in the shape the components call. Components never see
 * the database; tests build this over fake-indexeddb.
 */

/** Who `{{user}}` is. */
export interface UserPersonaView {
  name: string;
  description: string;
}

/** One emotion image of a persona, as the library shows it. */
export interface EmotionImageView {
  feeling: Feeling;
  /** From the card (CHARX `emotion` asset) or added by the user (then it can be removed). */
  source: 'card' | 'user';
  /** The card's label ("joy") or the feeling's name for the user's own. */
  label: string;
  blob: Blob;
  /** The stored asset's id, for removing an image the user added. */
  assetId?: string;
}

/** A card file read, or why it was not. */
export type CardImportOutcome =
  { kind: 'imported'; persona: PersonaRecord; container: string; notes: string[] } | { kind: 'needs-name' };

/** The options page's persona services. */
export interface PersonaLibraryService {
  list(): Promise<PersonaRecord[]>;
  activeId(): Promise<string>;
  setActive(id: string): Promise<void>;
  create(name: string): Promise<PersonaRecord>;
  duplicate(id: string): Promise<PersonaRecord>;
  /** Validates and saves; throws an Error naming the field that is wrong. */
  update(persona: PersonaRecord): Promise<PersonaRecord>;
  /** What deleting would remove, to say so before asking. */
  usage(id: string): Promise<{ conversations: number; memories: number }>;
  /** Deletes the persona; one with conversations only when `withConversations` (they go too). */
  remove(id: string, options?: { withConversations?: boolean }): Promise<void>;
  /** Imports a card file (JSON, PNG/APNG, CHARX); throws with the reason when refused. */
  importCard(bytes: Uint8Array, options?: { name?: string }): Promise<CardImportOutcome>;
  exportCard(id: string, format: CardExportFormat): Promise<Uint8Array>;
  /** The persona's picture, or null for none (the library draws an initial). */
  avatar(id: string): Promise<Blob | null>;
  /** Sets the persona's own picture (shown in the library, carried by a PNG export). */
  setAvatar(id: string, bytes: Uint8Array, mime: string): Promise<void>;
  emotionImages(id: string): Promise<EmotionImageView[]>;
  addEmotionImage(id: string, feeling: Feeling, bytes: Uint8Array, mime: string): Promise<void>;
  removeEmotionImage(personaId: string, assetId: string): Promise<void>;
  userPersona(): Promise<UserPersonaView>;
  saveUserPersona(user: UserPersonaView): Promise<UserPersonaView>;
  /** The texts of the persona's last conversation's most recent turns, oldest first. */
  recentTurns(id: string, count: number): Promise<string[]>;
  /** The lorebook report stored with the persona's latest reply that has one, or null. */
  lastReplyReport(id: string): Promise<{ at: number; report: LoreReport } | null>;
}

/** What the library is made from. */
export interface PersonaLibraryDeps {
  personas: PersonaService;
  chats: Pick<ChatStore, 'listConversations' | 'getMessages'>;
  /** Tells other contexts (the panel's avatar) that a persona's pictures changed. */
  publish?: (change: Change) => void;
}

/** The picture a persona shows in the library: its own avatar, else its card's PNG or icon. */
async function avatarOf(personas: PersonaService, id: string): Promise<Blob | null> {
  const assets = await personas.assets(id);
  const own = assets.filter((a) => a.kind === 'avatar').pop();
  if (own) return new Blob([own.bytes as BlobPart], { type: own.mime });
  const cardPng = assets.find((a) => a.kind === 'card-image' && isPng(a.bytes));
  if (cardPng) return new Blob([cardPng.bytes as BlobPart], { type: 'image/png' });
  const persona = await personas.get(id);
  const declared: unknown = persona?.card?.data.assets;
  if (!Array.isArray(declared)) return null;
  for (const asset of declared as { type?: unknown; uri?: unknown }[]) {
    if (asset?.type !== 'icon' || typeof asset.uri !== 'string') continue;
    const path = embeddedPath(asset.uri);
    const file = assets.find((a) => a.kind === 'card-file' && a.label === path);
    if (file && file.mime.startsWith('image/'))
      return new Blob([file.bytes as BlobPart], { type: file.mime });
  }
  return null;
}

/** Builds the persona library's service. */
export function createPersonaLibrary({
  personas,
  chats,
  publish,
}: PersonaLibraryDeps): PersonaLibraryService {
  const emotions = createEmotionImagesService(personas);
  return {
    list: () => personas.list(),
    activeId: async () => (await personas.active()).id,
    setActive: (id) => personas.setActive(id),
    create: (name) => personas.create({ name }),
    duplicate: (id) => personas.duplicate(id),
    update: (persona) => {
      const { id, createdAt: _c, updatedAt: _u, ...patch } = persona;
      return personas.update(id, patch);
    },
    usage: (id) => personas.usage(id),
    remove: async (id, options) => {
      await personas.delete(id, options);
    },

    async importCard(bytes, options = {}) {
      let read;
      try {
        read = importCard(bytes, undefined, options);
      } catch (error) {
        if (error instanceof CardNameMissingError) return { kind: 'needs-name' };
        throw error;
      }
      const persona = await personas.importCard(read.card, options);
      const notes: string[] = [];
      const entries = persona.lorebook?.entries.length ?? 0;
      if (entries) notes.push(`Its lorebook has ${entries} ${entries === 1 ? 'entry' : 'entries'}.`);
      const greetings = 1 + persona.alternateGreetings.length;
      if (greetings > 1) notes.push(`It has ${greetings} greetings.`);
      return { kind: 'imported', persona, container: read.container, notes };
    },

    async exportCard(id, format: CardExportFormat) {
      const card = await personas.exportCard(id);
      // A persona given its own PNG picture in Hearth carries it, unless its card brought one.
      const own = (await personas.assets(id, 'avatar')).pop();
      if (!card.image && own && isPng(own.bytes)) card.image = own.bytes;
      return exportCard(card, format);
    },

    avatar: (id) => avatarOf(personas, id),
    async setAvatar(id, bytes, mime) {
      if (!EMOTION_IMAGE_TYPES.includes(mime)) {
        throw new Error(
          `The picture was not set: ${mime || 'a file of unknown type'} is not a PNG, JPEG, WebP, GIF or AVIF image.`,
        );
      }
      const before = await personas.assets(id, 'avatar');
      // The new one is stored before the old ones go: a failed write leaves the old picture.
      await personas.addAsset(id, { kind: 'avatar', label: 'avatar', mime, bytes });
      for (const old of before) await personas.deleteAsset(old.id);
    },
    emotionImages: (id) => emotions.list(id),
    addEmotionImage: (id, feeling, bytes, mime) => emotions.add(id, feeling, bytes, mime),
    removeEmotionImage: async (personaId, assetId) => {
      await emotions.remove(personaId, assetId);
      publish?.({ topic: 'personas', ids: [personaId] });
    },
    userPersona: () => personas.userPersona(),
    saveUserPersona: (user) => personas.setUserPersona(user),

    async lastReplyReport(id) {
      const last = (await chats.listConversations()).find((c) => c.personaId === id);
      if (!last) return null;
      const recent = await chats.getMessages(last.id, { limit: 20 });
      const reply = recent.reverse().find((m) => m.role === 'assistant' && m.lorebook);
      return reply?.lorebook ? { at: reply.createdAt, report: reply.lorebook } : null;
    },

    async recentTurns(id, count) {
      const last = (await chats.listConversations()).find((c) => c.personaId === id);
      if (!last) return [];
      return (await chats.getMessages(last.id, { limit: count })).map((m) => m.content);
    },
  };
}
