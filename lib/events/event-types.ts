import { z } from 'zod';
import { MemoryKind } from '../memory/records';
import { STAGES } from '../mood/relationship';
import { FEELINGS } from '../mood/types';
import { toBase64Url } from './base64';

/**
 * Hearth's events (issue 10 §1): one typed, versioned record per change worth telling other
 * contexts and the user's own tools about. Payloads are thin on purpose: ids and the minimum a
 * receiver needs to decide whether to look closer, never message text, memory text or whole
 * conversations. A receiver that wants more asks the user's own Hearth, not the event stream.
 *
 * Every data object is strict, so a source that tries to slip content into an event (a
 * `content` field on a message event, say) fails at creation rather than leaking it.
 */

/** The id of a stored record that an event refers to. */
const RecordId = z.string().min(1).max(200);

/**
 * The key a receiver deduplicates on: the same across every retry of one delivery, and sent as
 * `webhook-id`. Restricted to characters that need no escaping in a header or a log line.
 */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_:.-]{1,200}$/, 'An idempotency key is 1–200 letters, digits or _ : . -');

/** An event's own id: `evt_` and a random suffix. */
export const EventId = z
  .string()
  .regex(/^evt_[A-Za-z0-9_-]{8,64}$/, 'An event id is evt_ and 8–64 characters');

// The fields every event has. `version` is the schema version of this type's `data`: it is
// bumped when a type's data changes incompatibly, and receivers switch on (type, version).
const envelope = {
  id: EventId,
  version: z.literal(1),
  /** When the change happened, epoch milliseconds. */
  occurredAt: z.number().int().nonnegative(),
  idempotencyKey: IdempotencyKey,
};

const MessageData = z.strictObject({
  conversationId: RecordId,
  messageId: RecordId,
  personaId: RecordId,
});

/** The user sent a message. */
export const MessageSentEvent = z.strictObject({
  ...envelope,
  type: z.literal('message.sent'),
  data: MessageData,
});

/** The companion's reply was stored (complete, stopped by the user, or failed). */
export const MessageReceivedEvent = z.strictObject({
  ...envelope,
  type: z.literal('message.received'),
  data: MessageData.extend({ status: z.enum(['complete', 'stopped', 'error']) }),
});

/** The companion's named feeling changed (not every small move of the mood: those stay local). */
export const MoodChangedEvent = z.strictObject({
  ...envelope,
  type: z.literal('mood.changed'),
  data: z.strictObject({
    personaId: RecordId,
    feeling: z.enum(FEELINGS),
    previousFeeling: z.enum(FEELINGS),
    /** The mood log's cause word (e.g. 'message', 'decay', 'reset'). */
    cause: z.string().min(1).max(40),
  }),
});

/** The relationship reached another stage. */
export const RelationshipStageChangedEvent = z.strictObject({
  ...envelope,
  type: z.literal('relationship.stage_changed'),
  data: z.strictObject({
    personaId: RecordId,
    stage: z.enum(STAGES),
    previousStage: z.enum(STAGES),
  }),
});

/** A memory was stored. */
export const MemoryCreatedEvent = z.strictObject({
  ...envelope,
  type: z.literal('memory.created'),
  data: z.strictObject({
    memoryId: RecordId,
    kind: MemoryKind,
    conversationId: RecordId.optional(),
  }),
});

/** A memory changed: edited, or superseded by a newer fact (then `supersededId` is the old one). */
export const MemoryUpdatedEvent = z.strictObject({
  ...envelope,
  type: z.literal('memory.updated'),
  data: z.strictObject({
    memoryId: RecordId,
    kind: MemoryKind,
    supersededId: RecordId.optional(),
  }),
});

/** A memory was forgotten (deleted at the user's request or by retraction). */
export const MemoryForgottenEvent = z.strictObject({
  ...envelope,
  type: z.literal('memory.forgotten'),
  data: z.strictObject({ memoryId: RecordId }),
});

/** The persona fields a `persona.changed` event can name. */
export const PERSONA_FIELDS = [
  'name',
  'nickname',
  'description',
  'personality',
  'scenario',
  'greeting',
  'alternateGreetings',
  'exampleDialogue',
  'systemPrompt',
  'postHistoryInstructions',
  'speakingStyle',
  'appearance',
  'keepsToItself',
  'temperament',
  'lorebook',
] as const;

/** The persona was edited; `fields` says which fields changed, not what they now say. */
export const PersonaChangedEvent = z.strictObject({
  ...envelope,
  type: z.literal('persona.changed'),
  data: z.strictObject({
    personaId: RecordId,
    fields: z.array(z.enum(PERSONA_FIELDS)).min(1).max(PERSONA_FIELDS.length),
  }),
});

/**
 * The companion commented on a page. Neither the page's address nor the comment's text is in the
 * event: both say more about the user's browsing than a receiver needs to know that it happened.
 */
export const PageCommentMadeEvent = z.strictObject({
  ...envelope,
  type: z.literal('page_comment.made'),
  data: z.strictObject({
    commentId: RecordId,
    personaId: RecordId,
    conversationId: RecordId.optional(),
  }),
});

/**
 * A test delivery from the options page ("Send a test event"). Never written to the outbox
 * and never retried: it only shows the user whether their receiver answers and verifies.
 */
export const WebhookTestEvent = z.strictObject({
  ...envelope,
  type: z.literal('webhook.test'),
  data: z.strictObject({ endpointId: RecordId }),
});

/** Any Hearth event, told apart by `type`. */
export const HearthEvent = z.discriminatedUnion('type', [
  MessageSentEvent,
  MessageReceivedEvent,
  MoodChangedEvent,
  RelationshipStageChangedEvent,
  MemoryCreatedEvent,
  MemoryUpdatedEvent,
  MemoryForgottenEvent,
  PersonaChangedEvent,
  PageCommentMadeEvent,
  WebhookTestEvent,
]);
/** Any Hearth event. */
export type HearthEvent = z.infer<typeof HearthEvent>;

/** The name of an event type, e.g. `memory.created`. */
export type EventType = HearthEvent['type'];

/** Every event type, in the order the README lists them (the opt-in list in settings uses it). */
export const EVENT_TYPES = HearthEvent.options.map((o) => o.shape.type.value) as EventType[];

/** The event types an endpoint can opt into: every type but the test delivery. */
export const OPT_IN_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter((t) => t !== 'webhook.test');

/** The data of one event type. */
export type EventData<T extends EventType> = Extract<HearthEvent, { type: T }>['data'];

/** What a source supplies to make an event; the rest is filled in by `createEvent`. */
export interface EventInput<T extends EventType> {
  type: T;
  data: EventData<T>;
  /**
   * A key that names the change itself, when the source has one (e.g. `message.sent:<messageId>`),
   * so writing the same change twice yields one delivery. Defaults to the event id.
   */
  idempotencyKey?: string;
}

/** What `createEvent` needs from the world: a clock and randomness, injected for tests. */
export interface EventDeps {
  now(): number;
  /** Fills the array with random bytes (crypto.getRandomValues in the extension). */
  randomBytes(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer>;
}

/** An error for an event that does not match its schema: which event and which field. */
export class EventSchemaError extends Error {
  override readonly name = 'EventSchemaError';
}

/**
 * A new, validated event. Throws EventSchemaError when the data does not fit the type, so a
 * malformed (or too talkative) event is refused where it is made, not where it is delivered.
 */
export function createEvent<T extends EventType>(input: EventInput<T>, deps: EventDeps): HearthEvent {
  const id = `evt_${toBase64Url(deps.randomBytes(new Uint8Array(16)))}`;
  return parseEvent({
    id,
    type: input.type,
    version: 1,
    occurredAt: deps.now(),
    idempotencyKey: input.idempotencyKey ?? id,
    data: input.data,
  });
}

/**
 * An event read back from storage or received from another context, or EventSchemaError naming
 * the first problem. Stored events of an older version would be upgraded here before parsing.
 */
export function parseEvent(value: unknown): HearthEvent {
  const result = HearthEvent.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'event';
  const type = typeof value === 'object' && value && 'type' in value ? String(value.type) : 'unknown';
  throw new EventSchemaError(
    `Invalid ${type.slice(0, 60)} event at ${where}: ${issue?.message ?? 'invalid'}`,
    {
      cause: result.error,
    },
  );
}
