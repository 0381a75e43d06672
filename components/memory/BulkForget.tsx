import { useMemo, useState } from 'preact/hooks';
import type { MemoryRecord } from '../../lib/memory/records';
import { countMemories, memoriesFromSite, memoriesInPeriod, type SiteCount } from './memory-query';
import { dateRange } from './memory-dates';

/** Props of the bulk-forget forms. */
export interface BulkForgetProps {
  /** Every loaded memory, replaced facts included. */
  records: readonly MemoryRecord[];
  sites: readonly SiteCount[];
  /** Forgets exactly these memories; `what` describes them for the undo message. */
  onForget: (records: MemoryRecord[], what: string) => Promise<void>;
}

interface Pending {
  records: MemoryRecord[];
  what: string;
}

/**
 * "Forget everything from a site" and "Forget a period": each shows how many memories
 * (replaced facts included) will go, and asks once more before forgetting them.
 */
export function BulkForget({ records, sites, onForget }: BulkForgetProps) {
  const [site, setSite] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const fromSite = useMemo(() => (site ? memoriesFromSite(records, site) : []), [records, site]);
  const range = dateRange(from, to);
  const periodProblem =
    !from || !to
      ? 'Choose the first and the last day.'
      : range.from !== undefined && range.to !== undefined && range.from >= range.to
        ? 'The first day is after the last day.'
        : null;
  const inPeriod = useMemo(
    () =>
      !periodProblem && range.from !== undefined && range.to !== undefined
        ? memoriesInPeriod(records, range.from, range.to)
        : [],
    [records, periodProblem, range.from, range.to],
  );

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    setError(null);
    try {
      await onForget(pending.records, pending.what);
      if (pending.what === `from ${site}`) setSite('');
      setPending(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card stack memory-bulk" aria-labelledby="memory-bulk-title">
      <h3 id="memory-bulk-title">Forget many memories</h3>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (fromSite.length > 0) setPending({ records: fromSite, what: `from ${site}` });
        }}
      >
        <h4>Everything from a site</h4>
        <label>
          Forget memories of
          <select
            value={site}
            onChange={(e) => {
              setSite(e.currentTarget.value);
              setPending(null);
            }}
          >
            <option value="">Choose a site…</option>
            {sites.map((s) => (
              <option key={s.site} value={s.site}>
                {s.site} ({s.count.toLocaleString()})
              </option>
            ))}
          </select>
        </label>
        {site && (
          <p class="muted">{countMemories(fromSite.length)} from this site, replaced facts included.</p>
        )}
        <div>
          <button type="submit" class="secondary" disabled={fromSite.length === 0 || busy}>
            Forget everything from a site…
          </button>
        </div>
      </form>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (inPeriod.length > 0) setPending({ records: inPeriod, what: `made from ${from} to ${to}` });
        }}
      >
        <h4>A period</h4>
        <div class="row">
          <label class="grow">
            First day
            <input
              type="date"
              value={from}
              onInput={(e) => {
                setFrom(e.currentTarget.value);
                setPending(null);
              }}
            />
          </label>
          <label class="grow">
            Last day
            <input
              type="date"
              value={to}
              onInput={(e) => {
                setTo(e.currentTarget.value);
                setPending(null);
              }}
            />
          </label>
        </div>
        <p class="muted">
          {periodProblem ?? `${countMemories(inPeriod.length)} made in this period, replaced facts included.`}
        </p>
        <div>
          <button type="submit" class="secondary" disabled={inPeriod.length === 0 || busy}>
            Forget a period…
          </button>
        </div>
      </form>
      {pending && (
        <div class="notice memory-confirm" role="group" aria-label="Confirm forgetting">
          <p>
            Forget {countMemories(pending.records.length)} {pending.what}? You can undo it for a few seconds
            afterwards.
          </p>
          <div class="row">
            <button type="button" class="danger" onClick={confirm} disabled={busy}>
              {busy ? 'Forgetting…' : `Forget ${countMemories(pending.records.length)}`}
            </button>
            <button type="button" class="secondary" onClick={() => setPending(null)} disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
