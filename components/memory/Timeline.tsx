import { countMemories } from './memory-query';
import { type MonthBucket } from './memory-dates';

const monthName = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
const monthShort = new Intl.DateTimeFormat(undefined, { month: 'short' });

/** Props of the timeline. */
export interface TimelineProps {
  buckets: readonly MonthBucket[];
  /** The date filter as an epoch range [from, to), to mark the month it covers exactly. */
  selected: { from?: number; to?: number };
  /** A month was chosen (null: the chosen month was clicked again, clear the dates). */
  onSelect: (bucket: MonthBucket | null) => void;
}

/**
 * Memories per month as a bar chart of buttons: plain CSS bars, each a button named
 * "May 2026: 42 memories"; clicking one filters the list to that month.
 */
export function Timeline({ buckets, selected, onSelect }: TimelineProps) {
  if (buckets.length === 0) return null;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  // With many months only Januaries (and the first month) get a label under the bar.
  const labelAll = buckets.length <= 24;
  return (
    <section class="memory-timeline" aria-labelledby="memory-timeline-title">
      <h3 id="memory-timeline-title">Timeline</h3>
      <div class="memory-timeline-bars" role="group" aria-label="Memories per month">
        {buckets.map((b, i) => {
          const name = `${monthName.format(b.start)}: ${countMemories(b.count)}`;
          const pressed = selected.from === b.start && selected.to === b.end;
          const showLabel = labelAll || b.month === 0 || i === 0;
          return (
            <button
              key={b.start}
              type="button"
              class="memory-timeline-bar"
              aria-label={name}
              aria-pressed={pressed}
              title={name}
              onClick={() => onSelect(pressed ? null : b)}
            >
              <span class="memory-timeline-fill" style={{ height: `${(100 * b.count) / max}%` }} />
              <span class="memory-timeline-label" aria-hidden="true">
                {showLabel
                  ? b.month === 0 || i === 0
                    ? `${monthShort.format(b.start)} ${b.year}`
                    : monthShort.format(b.start)
                  : ''}
              </span>
            </button>
          );
        })}
      </div>
    </section>
  );
}
