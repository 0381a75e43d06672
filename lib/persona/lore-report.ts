import { z } from 'zod';
import type { LorebookActivation, SkipReason } from './lorebook/activation-types';

/*
 * What a reply keeps of its lorebook activation, for the activation inspector: every entry
 * that fired (on which key, at what depth, or constant, or by recursion) and every entry that
 * fired or nearly did but is not in the prompt (over the budget, past the recursion cap,
 * secondary keys failed, an invalid regex), with the reason. Entries whose keys simply were
 * not said are only counted: a book of thousands would otherwise make every reply huge.
 */

/** The most entries one reply's report keeps. */
export const MAX_REPORTED_ENTRIES = 200;

/** Skips worth showing: the entry was wanted but something kept it out. */
const NOTABLE: ReadonlySet<SkipReason> = new Set([
  'over-budget',
  'recursion-cap',
  'secondary-logic-failed',
  'invalid-regex',
]);

/** One entry of the report (lib/persona/lorebook/activation-types.ts EntryReport, bounded). */
export const LoreReportEntry = z.object({
  index: z.number().int().nonnegative(),
  label: z.string().max(500),
  outcome: z.enum(['inserted', 'skipped']),
  position: z.enum(['before_char', 'after_char']),
  constant: z.boolean(),
  activation: z
    .object({
      kind: z.enum(['constant', 'key', 'recursion']),
      key: z.string().max(1_000).optional(),
      depth: z.number().int().optional(),
      level: z.number().int().optional(),
      fromEntry: z.number().int().optional(),
      secondaryKey: z.string().max(1_000).optional(),
    })
    .optional(),
  tokens: z.number().optional(),
  skip: z.object({ reason: z.string().max(40), detail: z.string().max(1_000) }).optional(),
});
export type LoreReportEntry = z.infer<typeof LoreReportEntry>;

/** The lorebook activation of one reply, as stored with it (MessageRecord.lorebook). */
export const LoreReport = z.object({
  entries: z.array(LoreReportEntry).max(MAX_REPORTED_ENTRIES),
  /** Entries not listed: their keys were not in the scanned turns, or they are switched off or empty. */
  notListed: z.number().int().nonnegative(),
  budget: z.object({
    limit: z.number().nullable(),
    used: z.number(),
    source: z.enum(['book', 'prompt', 'none']),
  }),
  scanDepth: z.number(),
});
export type LoreReport = z.infer<typeof LoreReport>;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The stored report of an activation: fired and notable entries, the rest counted. */
export function loreReportOf(activation: LorebookActivation): LoreReport {
  const shown = activation.report.filter(
    (row) => row.outcome === 'inserted' || (row.skip && NOTABLE.has(row.skip.reason)),
  );
  const entries = shown.slice(0, MAX_REPORTED_ENTRIES).map((row): LoreReportEntry => ({
    index: row.index,
    label: clip(row.label, 500),
    outcome: row.outcome,
    position: row.position,
    constant: row.constant,
    ...(row.activation
      ? {
          activation: {
            kind: row.activation.kind,
            ...('key' in row.activation ? { key: clip(row.activation.key, 1_000) } : {}),
            ...('depth' in row.activation ? { depth: row.activation.depth } : {}),
            ...('level' in row.activation ? { level: row.activation.level } : {}),
            ...('fromEntry' in row.activation ? { fromEntry: row.activation.fromEntry } : {}),
            ...('secondaryKey' in row.activation && row.activation.secondaryKey !== undefined
              ? { secondaryKey: clip(row.activation.secondaryKey, 1_000) }
              : {}),
          },
        }
      : {}),
    ...(row.tokens !== undefined ? { tokens: row.tokens } : {}),
    ...(row.skip ? { skip: { reason: row.skip.reason, detail: clip(row.skip.detail, 1_000) } } : {}),
  }));
  return {
    entries,
    notListed: activation.report.length - entries.length,
    budget: activation.budget,
    scanDepth: activation.scanDepth,
  };
}
