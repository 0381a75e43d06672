/**
 * The series the options page charts: mood (pleasure, arousal, dominance) and relationship
 * (familiarity, trust, affection) over time, read off the log's `after` values. Pure, so the
 * chart's data is tested without a canvas.
 */
import type { MoodLogEntry, MoodView, RelationshipView } from './types';

/** One line of a chart: its key in `after`, its label, and one value per x (null: no value). */
export interface ChartLine {
  key: string;
  label: string;
  values: (number | null)[];
}

/** A chart's data: times in ms, ascending, and the lines over them. */
export interface ChartSeries {
  at: number[];
  lines: ChartLine[];
}

/** The mood chart's lines, in the order they are drawn. */
export const MOOD_LINES = [
  { key: 'p', label: 'Pleasure' },
  { key: 'a', label: 'Arousal' },
  { key: 'd', label: 'Dominance' },
] as const;

/** The relationship chart's lines, in the order they are drawn. */
export const RELATIONSHIP_LINES = [
  { key: 'familiarity', label: 'Familiarity' },
  { key: 'trust', label: 'Trust' },
  { key: 'affection', label: 'Affection' },
] as const;

type LineSpec = readonly { key: string; label: string }[];

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Builds a chart from the log entries whose `after` carries every key of `spec` (a mood
 * entry or a mood reset; a relationship entry or its reset), sorted by time. `current`, when
 * given and later than the last entry, ends the lines at the state now: between logged changes
 * the mood decays, so the last logged point alone would show a stale state.
 */
function build(
  entries: readonly MoodLogEntry[],
  spec: LineSpec,
  current?: { at: number; values: Record<string, number> },
): ChartSeries {
  const points = entries
    .filter((e) => spec.every(({ key }) => finite(e.after[key])))
    .map((e) => ({ at: e.at, values: e.after }))
    .sort((x, y) => x.at - y.at);
  const last = points.at(-1);
  if (current && (!last || current.at > last.at) && spec.every(({ key }) => finite(current.values[key]))) {
    points.push(current);
  }
  return {
    at: points.map((p) => p.at),
    lines: spec.map(({ key, label }) => ({ key, label, values: points.map((p) => p.values[key] ?? null) })),
  };
}

/** Pleasure, arousal and dominance over time, ending at the current mood at `now`. */
export function moodSeries(entries: readonly MoodLogEntry[], current?: MoodView, now?: number): ChartSeries {
  return build(entries, MOOD_LINES, current && { at: now ?? current.updatedAt, values: { ...current.pad } });
}

/** Familiarity, trust and affection over time, ending at the current relationship at `now`. */
export function relationshipSeries(
  entries: readonly MoodLogEntry[],
  current?: RelationshipView,
  now?: number,
): ChartSeries {
  return build(
    entries,
    RELATIONSHIP_LINES,
    // The relationship view carries no time of its own: it ends the lines only given `now`.
    current && now !== undefined
      ? {
          at: now,
          values: { familiarity: current.familiarity, trust: current.trust, affection: current.affection },
        }
      : undefined,
  );
}

/** uPlot's data layout: x in seconds (its time scale's unit), then one array per line. */
export function toUplotData(series: ChartSeries): [number[], ...(number | null)[][]] {
  return [series.at.map((ms) => ms / 1000), ...series.lines.map((l) => l.values)];
}
