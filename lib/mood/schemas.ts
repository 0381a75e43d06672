import { z } from 'zod';
import { FEELINGS } from './types';

/** A PAD point as it crosses contexts or comes back from storage: each axis a finite number in [-1, 1]. */
export const PadSchema = z.object({
  p: z.number().min(-1).max(1),
  a: z.number().min(-1).max(1),
  d: z.number().min(-1).max(1),
});

/** An appraisal as it is logged and exported. */
export const AppraisalSchema = z.object({
  pad: PadSchema,
  emotions: z.array(z.object({ label: z.string().max(40), p: z.number().min(0).max(1) })).max(40),
  intensity: z.number().min(0).max(1),
});

/** The mood view on the wire. */
export const MoodViewSchema = z.object({
  personaId: z.string(),
  pad: PadSchema,
  feeling: z.enum(FEELINGS),
  baseline: PadSchema,
  updatedAt: z.number(),
  paused: z.boolean(),
});

const unit = z.number().min(0).max(1);

/** The relationship view on the wire. */
export const RelationshipViewSchema = z.object({
  personaId: z.string(),
  familiarity: unit,
  trust: unit,
  affection: unit,
  stage: z.string().max(40),
  paused: z.boolean(),
});

/** One log entry on the wire and in storage. */
export const MoodLogEntrySchema = z.object({
  id: z.string().min(1),
  personaId: z.string().min(1),
  at: z.number(),
  kind: z.enum(['mood', 'relationship', 'reset', 'pause', 'checkpoint']),
  cause: z.string().max(40),
  messageId: z.string().optional(),
  rule: z.string().max(500),
  after: z.record(z.string(), z.number()),
  delta: z.record(z.string(), z.number()),
  appraisal: AppraisalSchema.optional(),
  weight: z.number().min(0).max(1).optional(),
  guard: z.enum(['care', 'break']).optional(),
  // Lazy: the state schemas are defined below.
  checkpoint: z.lazy(() => MoodCheckpointSchema).optional(),
});

/** The mood state record (lib/mood/mood-state.ts) as stored. */
export const MoodStateSchema = z.object({
  personaId: z.string().min(1),
  pad: PadSchema,
  feeling: z.enum(FEELINGS),
  baseline: PadSchema,
  halfLifeHours: z.number().positive(),
  updatedAt: z.number(),
  paused: z.boolean(),
  /** How many log entries this persona has written (orders entries written in the same millisecond). */
  seq: z.number().int().nonnegative(),
});

/** The relationship record (lib/mood/relationship.ts) as stored. */
export const RelationshipStateSchema = z.object({
  personaId: z.string().min(1),
  familiarity: unit,
  trust: unit,
  affection: unit,
  updatedAt: z.number(),
  paused: z.boolean(),
});

/** A pruning's checkpoint (lib/mood/mood-store.ts): the states the folded entries led to. */
export const MoodCheckpointSchema = z.object({
  mood: MoodStateSchema.omit({ seq: true }),
  relationship: RelationshipStateSchema,
  folded: z.number().int().nonnegative(),
});

/** What the panel learns from appraising a message: the mood and relationship after it, and what to show or say. */
export const TurnMoodSchema = z.object({
  mood: MoodViewSchema,
  relationship: RelationshipViewSchema,
  /** The fixed care response, when the message suggests self-harm: shown before the reply. */
  care: z.string().optional(),
  /** The user asked for a break. */
  takingBreak: z.boolean().optional(),
  /** The last few mood changes, oldest first, for the prompt's "why I feel this way". */
  causes: z.array(MoodLogEntrySchema).max(20),
  /** The message's emotion on the memory axes, stored with the memories made from it. */
  emotion: z.object({ valence: z.number().min(-1).max(1), arousal: z.number().min(-1).max(1) }),
});
