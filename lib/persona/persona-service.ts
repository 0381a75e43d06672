import type { IDBPDatabase } from 'idb';
import type { HearthDB } from '../db/schema';
import type { PersonaAssetKind, PersonaAssetRecord, PersonaInput, PersonaRecord } from '../db/records';
import type { Change } from '../messaging/changes';
import { describeZodError } from '../messaging/result';
import type { Settings } from '../settings/schema';
import type { CharacterCard } from './cards/card';
import { cardFromPersona, personaFromCard } from './persona-card';
import {
  PersonaInUseError,
  checkPersona,
  createPersonaStore,
  type PersonaDeletion,
  type PersonaStore,
  type PersonaUsage,
} from './persona-store';
import { UserPersona } from './user-persona';

export { PersonaInUseError, type PersonaDeletion, type PersonaUsage };

/** How the persona service reads and changes settings (lib/settings/store.ts in the extension). */
export interface SettingsPort {
  read(): Promise<Settings>;
  update(change: (current: Settings) => Settings): Promise<Settings>;
}

/** What the persona service is made from. */
export interface PersonaServiceDeps {
  db: IDBPDatabase<HearthDB>;
  settings: SettingsPort;
  /** Tells other contexts (an open panel) that personas changed. */
  publish?: (change: Change) => void;
  now?: () => number;
  newId?: () => string;
}

/** A persona as the user writes it: every field but the id and the times, those with defaults optional. */
export type PersonaDraft = Omit<PersonaInput, 'id' | 'createdAt' | 'updatedAt'>;

/** A new asset, before its id and time are given. */
export type NewPersonaAsset = Pick<PersonaAssetRecord, 'kind' | 'label' | 'mime' | 'bytes'>;

/** Personas: the library, the active one, the user persona, and character cards in and out. */
export interface PersonaService {
  /** Every persona, oldest first (the default one when none is stored yet). */
  list(): Promise<PersonaRecord[]>;
  /** The persona with `id`, or undefined. */
  get(id: string): Promise<PersonaRecord | undefined>;
  /** The persona with `id`, else the first there is, else the default one (never fails for a stale id). */
  resolve(id: string): Promise<PersonaRecord>;
  create(draft: PersonaDraft): Promise<PersonaRecord>;
  /** A copy named "… (copy)", with copies of its images and card files; memories and conversations are not copied. */
  duplicate(id: string): Promise<PersonaRecord>;
  /** Changes fields of a persona; throws naming the wrong field. */
  update(id: string, patch: Partial<PersonaDraft>): Promise<PersonaRecord>;
  /** What deleting would remove, to ask the user first. */
  usage(id: string): Promise<PersonaUsage>;
  /**
   * Deletes a persona with its images, mood, relationship and the memories it owns. One that
   * has conversations is refused (PersonaInUseError) unless `withConversations`, which
   * deletes them and their messages too. The last persona cannot be deleted; deleting the
   * active one makes the oldest remaining one active.
   */
  delete(id: string, options?: { withConversations?: boolean }): Promise<PersonaDeletion>;
  /** The persona new conversations get. */
  active(): Promise<PersonaRecord>;
  setActive(id: string): Promise<void>;
  /** Who `{{user}}` is. */
  userPersona(): Promise<UserPersona>;
  setUserPersona(user: UserPersona): Promise<UserPersona>;
  /**
   * A new persona from a card read by lib/persona/cards (importCard): its fields, lorebook,
   * the card itself for export, and its PNG and CHARX files as assets. A nameless card is
   * refused unless `name` is given; nothing is stored when anything is wrong.
   */
  importCard(card: CharacterCard, options?: { name?: string }): Promise<PersonaRecord>;
  /** The persona as a card (for lib/persona/cards exportCard): unknown fields and extensions as imported. */
  exportCard(id: string): Promise<CharacterCard>;
  /** A persona's images and card files, oldest first. */
  assets(personaId: string, kind?: PersonaAssetKind): Promise<PersonaAssetRecord[]>;
  addAsset(personaId: string, asset: NewPersonaAsset): Promise<PersonaAssetRecord>;
  deleteAsset(id: string): Promise<void>;
  /** The repository underneath (the panel's and options page's older callers). */
  store: PersonaStore;
}

/** Creates the persona service over an open database and a settings port. */
export function createPersonaService(deps: PersonaServiceDeps): PersonaService {
  const store = createPersonaStore(deps.db);
  const now = deps.now ?? (() => Date.now());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const changed = (ids: string[]) => deps.publish?.({ topic: 'personas', ids });

  async function mustFind(id: string): Promise<PersonaRecord> {
    const found = await store.find(id);
    if (!found) throw new Error('That persona no longer exists.');
    return found;
  }

  const asAssets = (personaId: string, assets: readonly NewPersonaAsset[], at: number) =>
    assets.map((a): PersonaAssetRecord => ({ ...a, id: newId(), personaId, createdAt: at }));

  return {
    store,
    list: () => store.list(),
    get: (id) => store.find(id),
    resolve: (id) => store.get(id),

    async create(draft) {
      const at = now();
      const persona = checkPersona({ ...draft, id: newId(), createdAt: at, updatedAt: at }, 'created');
      await store.saveWithAssets(persona, []);
      changed([persona.id]);
      return persona;
    },

    async duplicate(id) {
      const source = await mustFind(id);
      const at = now();
      const copy = checkPersona(
        {
          ...structuredClone(source),
          id: newId(),
          name: `${source.name} (copy)`.slice(0, 200),
          createdAt: at,
          updatedAt: at,
        },
        'copied',
      );
      const assets = asAssets(copy.id, await store.assets(id), at);
      await store.saveWithAssets(copy, assets);
      changed([copy.id]);
      return copy;
    },

    async update(id, patch) {
      const current = await mustFind(id);
      const next = checkPersona({ ...current, ...patch, id, createdAt: current.createdAt, updatedAt: now() });
      await store.saveWithAssets(next, []);
      changed([id]);
      return next;
    },

    usage: (id) => store.usage(id),

    async delete(id, options = {}) {
      await mustFind(id);
      const all = await store.list();
      if (all.filter((p) => p.id !== id).length === 0)
        throw new Error('Hearth needs at least one persona: create another before deleting this one.');
      const done = await store.deleteCascade(id, options.withConversations === true);
      const settings = await deps.settings.read();
      if (settings.activePersonaId === id) {
        const next = (await store.list()).find((p) => p.id !== id)!;
        await deps.settings.update((s) => ({ ...s, activePersonaId: next.id }));
      }
      changed([id]);
      if (done.conversations) deps.publish?.({ topic: 'conversations' });
      if (done.memories) deps.publish?.({ topic: 'memories' });
      return done;
    },

    async active() {
      return store.get((await deps.settings.read()).activePersonaId);
    },

    async setActive(id) {
      await mustFind(id);
      await deps.settings.update((s) => ({ ...s, activePersonaId: id }));
    },

    async userPersona() {
      return (await deps.settings.read()).userPersona;
    },

    async setUserPersona(user) {
      const parsed = UserPersona.safeParse(user);
      if (!parsed.success) throw new Error(`User persona not saved: ${describeZodError(parsed.error)}`);
      const saved = await deps.settings.update((s) => ({ ...s, userPersona: parsed.data }));
      return saved.userPersona;
    },

    async importCard(card, options = {}) {
      const at = now();
      const { persona, assets } = personaFromCard(card, { id: newId(), now: at, name: options.name });
      await store.saveWithAssets(persona, asAssets(persona.id, assets, at));
      changed([persona.id]);
      return persona;
    },

    async exportCard(id) {
      const persona = await mustFind(id);
      return cardFromPersona(persona, await store.assets(id));
    },

    assets: (personaId, kind) => store.assets(personaId, kind),

    async addAsset(personaId, asset) {
      await mustFind(personaId);
      const [record] = asAssets(personaId, [asset], now());
      const saved = await store.putAsset(record!);
      changed([personaId]);
      return saved;
    },

    async deleteAsset(id) {
      await store.deleteAsset(id);
    },
  };
}
