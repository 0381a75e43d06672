import { GREETING_ENGINE, type MessageRecord, type PersonaRecord } from '../db/records';
import type { MemoryRecord } from '../memory/records';
import type { MoodLogEntry } from '../mood/types';
import { stageOf, type RelationshipState } from '../mood/relationship';
import type { Feeling } from '../mood/types';
import { PERSONA_FIELDS, type EventInput, type EventType } from './event-types';

/**
 * The events each store writes with its changes, made from the records it already holds. Kept
 * here so the stores gain one line each and the rules (which change is which event, its key,
 * and that payloads carry ids, never text) live and are tested in one place.
 *
 * Idempotency keys name the change itself, so the same change written twice is one delivery.
 */

type Input = EventInput<EventType>;

/**
 * A stored message's event: the user's message is `message.sent`; the companion's reply is
 * `message.received` once it is final. A reply is first stored empty while it streams (the
 * placeholder has no event); its final write, which sets its status, has one.
 */
export function messageEvents(message: MessageRecord, personaId: string, final: boolean): Input[] {
  const data = { conversationId: message.conversationId, messageId: message.id, personaId };
  if (message.role === 'user') {
    return final ? [{ type: 'message.sent', data, idempotencyKey: `message.sent:${message.id}` }] : [];
  }
  // The persona's greeting is a canned opening stored with the first exchange, not a reply
  // anyone waited for: no event (GREETING_ENGINE).
  if (!final || message.engine === GREETING_ENGINE) return [];
  return [
    {
      type: 'message.received',
      data: { ...data, status: message.status },
      idempotencyKey: `message.received:${message.id}`,
    },
  ];
}

/** A memory stored anew (`created`) or merged into / changed (`updated`). */
export function memoryEvent(record: MemoryRecord, created: boolean, supersededId?: string): Input {
  return created
    ? {
        type: 'memory.created',
        data: {
          memoryId: record.id,
          kind: record.kind,
          ...(record.conversationId ? { conversationId: record.conversationId } : {}),
        },
        idempotencyKey: `memory.created:${record.id}`,
      }
    : {
        type: 'memory.updated',
        data: { memoryId: record.id, kind: record.kind, ...(supersededId ? { supersededId } : {}) },
        idempotencyKey: `memory.updated:${record.id}:${record.updatedAt}`,
      };
}

/** Memories deleted (forgotten by the user, or taken back by retraction). */
export function memoriesForgotten(ids: readonly string[], at: number): Input[] {
  return ids.map((memoryId) => ({
    type: 'memory.forgotten',
    data: { memoryId },
    idempotencyKey: `memory.forgotten:${memoryId}:${at}`,
  }));
}

/** What a mood write changes, as the mood store sees it: the stored records before and after. */
export interface MoodWriteSides {
  personaId: string;
  before: { feeling?: Feeling; relationship?: RelationshipState };
  after: { feeling?: Feeling; relationship?: RelationshipState };
  entries: readonly MoodLogEntry[];
  at: number;
}

/**
 * A mood write's events: `mood.changed` when the stored named feeling changes (not every small
 * move of the mood), `relationship.stage_changed` when the relationship reaches another stage.
 * A persona's first write has no "before" and so no event: nothing changed from anything.
 */
export function moodEvents(sides: MoodWriteSides): Input[] {
  const out: Input[] = [];
  const { before, after, personaId, at } = sides;
  const tag = `${personaId}:${at}`;
  if (before.feeling && after.feeling && before.feeling !== after.feeling) {
    const entry = [...sides.entries].reverse().find((e) => e.kind === 'mood' || e.kind === 'reset');
    out.push({
      type: 'mood.changed',
      data: {
        personaId,
        feeling: after.feeling,
        previousFeeling: before.feeling,
        cause: (entry?.cause ?? 'update').slice(0, 40),
      },
      idempotencyKey: `mood.changed:${tag}:${after.feeling}`,
    });
  }
  if (before.relationship && after.relationship) {
    const previousStage = stageOf(before.relationship);
    const stage = stageOf(after.relationship);
    if (stage !== previousStage) {
      out.push({
        type: 'relationship.stage_changed',
        data: { personaId, stage, previousStage },
        idempotencyKey: `relationship.stage_changed:${tag}:${stage}`,
      });
    }
  }
  return out;
}

/** A saved persona's event, naming the fields that changed; none when nothing the event names changed. */
export function personaEvents(before: PersonaRecord | undefined, after: PersonaRecord): Input[] {
  // Lists and objects (greetings, lorebook, temperament) compare by content, not identity.
  const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
  const fields = PERSONA_FIELDS.filter((field) => !before || !same(before[field], after[field]));
  if (fields.length === 0) return [];
  return [
    {
      type: 'persona.changed',
      data: { personaId: after.id, fields },
      idempotencyKey: `persona.changed:${after.id}:${after.updatedAt}`,
    },
  ];
}

/**
 * The event of a page comment, for the page-comment store (issue 8) to write in the transaction
 * that stores the comment: `db.transaction(withOutbox(db, ['…its stores']), 'readwrite')`, its
 * own writes, then `await appendEvents(tx, [pageCommentEvent(…)])` before `await tx.done`.
 * Neither the page's address nor the comment's text goes in.
 */
export function pageCommentEvent(commentId: string, personaId: string, conversationId?: string): Input {
  return {
    type: 'page_comment.made',
    data: { commentId, personaId, ...(conversationId ? { conversationId } : {}) },
    idempotencyKey: `page_comment.made:${commentId}`,
  };
}
