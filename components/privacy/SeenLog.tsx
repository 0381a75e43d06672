import { useEffect, useState } from 'preact/hooks';
import type { PageSummaryRecord, SeenRecord } from '../../lib/privacy/seen-records';
import type { SeenLog as SeenLogService } from '../../lib/privacy/seen-log';

/** "What Hearth saw": each page read, its text and token count; clear it all. */
export function SeenLog({ open }: { open: () => Promise<SeenLogService> }) {
  const [log, setLog] = useState<SeenLogService | null>(null);
  const [seen, setSeen] = useState<SeenRecord[] | null>(null);
  const [summaries, setSummaries] = useState<PageSummaryRecord[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = async (service: SeenLogService) => {
    setSeen(await service.list());
    setSummaries(await service.summaries());
  };
  useEffect(() => {
    void open()
      .then(async (service) => {
        setLog(service);
        await reload(service);
      })
      .catch((error: unknown) => setProblem(String(error)));
  }, [open]);
  if (problem) return <div role="alert">{problem}</div>;
  if (!seen || !log) return <p class="muted">Loading…</p>;
  return (
    <div>
      <h4>What Hearth saw</h4>
      <button
        type="button"
        disabled={seen.length === 0 && summaries.length === 0}
        onClick={() => void log.clear().then(() => reload(log))}
      >
        Clear what Hearth saw
      </button>
      {seen.length === 0 ? (
        <p class="muted">Nothing yet.</p>
      ) : (
        <ul aria-label="Pages Hearth read">
          {seen.map((r) => (
            <li key={r.id}>
              <details>
                <summary>
                  {r.title || r.url} — {r.tokens} tokens, {new Date(r.at).toLocaleString()}
                  {r.injectionSuspected ? ' (flagged: tried to instruct Hearth)' : ''}
                </summary>
                <p>
                  <a href={r.url} target="_blank" rel="noreferrer">
                    {r.url}
                  </a>
                </p>
                <pre class="seen-text">{r.text}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
      {summaries.length > 0 && (
        <>
          <h4>Kept page summaries</h4>
          <ul aria-label="Kept page summaries">
            {summaries.map((s) => (
              <li key={s.url}>
                <a href={s.url} target="_blank" rel="noreferrer">
                  {s.title || s.url}
                </a>
                : {s.summary}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
