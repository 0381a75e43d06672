import { z } from 'zod';
import { DEFAULT_VOICE_SETTINGS, VoiceSettings } from '../voice/voice-settings';
import { DEFAULT_IMAGES_SETTINGS, ImagesSettings } from '../images/image-settings';
import { CommentSettingsSection, DEFAULT_COMMENT_SETTINGS } from '../page/comment-settings';
import { DEFAULT_USER_PERSONA, UserPersona } from '../persona/user-persona';
import { DEFAULT_PRIVACY, PrivacySettings } from '../privacy/settings';

/** The engine the chat uses, and each engine's own configuration. */
export const EngineSettings = z.object({
  active: z.enum(['webllm', 'openai', 'chrome']).nullable(),
  webllm: z.object({ modelId: z.string().nullable() }),
  openai: z.object({
    baseUrl: z.string().max(2048),
    /**
     * Kept in the secret store, never in storage.local (lib/settings/store.ts). Absent from
     * stored settings of version 3 and from backups of them, hence the default.
     */
    apiKey: z.string().max(4096).default(''),
    model: z.string().max(256),
  }),
});
export type EngineSettings = z.infer<typeof EngineSettings>;

/** Long-term memory search: keyword only, or keyword plus an embedding model. */
export const MemorySettings = z.object({
  /** Embedding model id (lib/memory/embedders/catalog.ts); null = keyword search only. */
  embedder: z.string().min(1).max(256).nullable(),
  /** A mirror of the Hugging Face hub for model downloads; null = the library default. */
  modelHost: z.string().min(1).max(2048).nullable(),
});
export type MemorySettings = z.infer<typeof MemorySettings>;

/**
 * Settings as Hearth's pages use them, the endpoint's API key included. They are stored in
 * two places (lib/settings/store.ts): the key in the secret store, the rest in storage.local
 * as {@link StoredSettings}. Older stored versions are migrated in lib/settings/migrations.ts.
 */
export const Settings = z.object({
  onboarded: z.boolean(),
  engine: EngineSettings,
  activePersonaId: z.string().min(1),
  generation: z.object({
    temperature: z.number().min(0).max(2),
    maxReplyTokens: z.number().int().min(16).max(8192),
  }),
  /** Enter sends; Shift+Enter makes a new line (the other way round when false). */
  enterSends: z.boolean(),
  memory: MemorySettings,
  voice: VoiceSettings.default(DEFAULT_VOICE_SETTINGS),
  images: ImagesSettings.default(DEFAULT_IMAGES_SETTINGS),
  /** Page comments (lib/page/comment-settings.ts); off by default. */
  comments: CommentSettingsSection,
  /** Who `{{user}}` is (lib/persona/user-persona.ts); settings saved before it existed read the default. */
  userPersona: UserPersona.default(DEFAULT_USER_PERSONA),
  /** Pages: what Hearth may read and keep (lib/privacy/settings.ts); absent before issue 8. */
  privacy: PrivacySettings.default(DEFAULT_PRIVACY),
});
export type Settings = z.infer<typeof Settings>;

/** Settings as storage.local keeps them (version 3): everything but the API key. */
export const StoredSettings = Settings.extend({
  engine: EngineSettings.extend({ openai: EngineSettings.shape.openai.omit({ apiKey: true }) }),
});
export type StoredSettings = z.infer<typeof StoredSettings>;

/** Id of the persona shipped with Hearth. */
export const DEFAULT_PERSONA_ID = 'default';

/** The settings of a fresh install. */
export const DEFAULT_SETTINGS: Settings = {
  onboarded: false,
  engine: {
    active: null,
    webllm: { modelId: null },
    openai: { baseUrl: 'http://127.0.0.1:11434/v1', apiKey: '', model: '' },
  },
  activePersonaId: DEFAULT_PERSONA_ID,
  generation: { temperature: 0.7, maxReplyTokens: 512 },
  enterSends: true,
  memory: { embedder: null, modelHost: null },
  voice: DEFAULT_VOICE_SETTINGS,
  images: DEFAULT_IMAGES_SETTINGS,
  comments: DEFAULT_COMMENT_SETTINGS,
  userPersona: DEFAULT_USER_PERSONA,
  privacy: DEFAULT_PRIVACY,
};
