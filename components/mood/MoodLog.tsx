import { useEffect, useState } from 'preact/hooks';
import type { MoodLogEntry } from '../../lib/mood/types';
import { describeCause, describeDelta, formatTime, signed } from './format';

const PAGE = 20;

/** Newer / Older over a list, with where the reader is ("21–40 of 312"). */
function usePage<T>(items: readonly T[]) {
  const [start, setStart] = useState(0);
  // A new window of the log (another period, a reset) starts from its newest entry again.
  useEffect(() => setStart(0), [items]);
  const end = Math.min(items.length, start + PAGE);
  return {
    shown: items.slice(start, end),
    start,
    end,
    newer: start > 0 ? () => setStart(Math.max(0, start - PAGE)) : null,
    older: end < items.length ? () => setStart(start + PAGE) : null,
  };
}

function Pager({
  what,
  page,
  total,
}: {
  what: string;
  page: ReturnType<typeof usePage<unknown>>;
  total: number;
}) {
  if (total <= PAGE) return null;
  return (
    <div class="row">
      <button type="button" class="secondary" disabled={!page.newer} onClick={() => page.newer?.()}>
        Newer {what}
      </button>
      <span class="muted" aria-live="polite">
        {page.start + 1}–{page.end} of {total}
      </span>
      <button type="button" class="secondary" disabled={!page.older} onClick={() => page.older?.()}>
        Older {what}
      </button>
    </div>
  );
}

/** Every logged change, newest first, a page at a time: when, what moved it, by which rule, by how much. */
export function CauseLog({ entries }: { entries: readonly MoodLogEntry[] }) {
  const page = usePage(entries);
  if (entries.length === 0) return <p class="muted">No changes logged in this period.</p>;
  return (
    <div class="stack">
      <table class="mood-table" aria-label="Log of causes">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">What</th>
            <th scope="col">Cause</th>
            <th scope="col">Rule</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {page.shown.map((e) => (
            <tr key={e.id}>
              <td class="num">{formatTime(e.at)}</td>
              <td>{e.kind}</td>
              <td>{describeCause(e)}</td>
              <td>{e.rule}</td>
              <td>{describeDelta(e.delta)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager what="changes" page={page} total={entries.length} />
    </div>
  );
}

const VALUES = ['familiarity', 'trust', 'affection'] as const;

/** The relationship's changes, newest first: each value after the change, and the change. */
export function RelationshipLog({ entries }: { entries: readonly MoodLogEntry[] }) {
  const page = usePage(entries);
  if (entries.length === 0) return <p class="muted">The relationship has not changed in this period.</p>;
  return (
    <div class="stack">
      <table class="mood-table" aria-label="Relationship history">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Cause</th>
            <th scope="col">Rule</th>
            <th scope="col">Familiarity</th>
            <th scope="col">Trust</th>
            <th scope="col">Affection</th>
          </tr>
        </thead>
        <tbody>
          {page.shown.map((e) => (
            <tr key={e.id}>
              <td class="num">{formatTime(e.at)}</td>
              <td>{describeCause(e)}</td>
              <td>{e.rule}</td>
              {VALUES.map((k) => (
                <td key={k} class="num">
                  {e.after[k]?.toFixed(2) ?? '–'}
                  {e.delta[k] ? ` (${signed(e.delta[k])})` : ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <Pager what="relationship changes" page={page} total={entries.length} />
    </div>
  );
}
