import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { MoodClient } from '../../lib/mood/types';
import { moodSeries, relationshipSeries } from '../../lib/mood/chart-series';
import type { EmotionImages } from './Avatar';
import { loadHistory, type HistoryWindow } from './load-history';
import { CauseLog, RelationshipLog } from './MoodLog';
import { MoodControls } from './MoodControls';
import { MoodNow } from './MoodNow';
import { TimeChart, loadUplot, type PlotConstructor } from './TimeChart';
import { useMood } from './use-mood';
import './mood.css';

const HOUR = 3_600_000;
/** The periods the section shows, newest back to `span` ms ago (null: everything). */
const PERIODS = [
  { id: 'day', label: 'Last 24 hours', span: 24 * HOUR },
  { id: 'week', label: 'Last 7 days', span: 7 * 24 * HOUR },
  { id: 'month', label: 'Last 30 days', span: 30 * 24 * HOUR },
  { id: 'all', label: 'All time', span: null },
] as const;
type PeriodId = (typeof PERIODS)[number]['id'];

const MOOD_RANGE: [number, number] = [-1, 1];
const RELATIONSHIP_RANGE: [number, number] = [0, 1];

/**
 * The options page's Mood & relationship section: the state now, the mood over time, the
 * relationship's history, the log of causes, and pause, reset and export. It reads through
 * the MoodClient and reads again on every change the client reports.
 */
export function MoodSection({
  client,
  personaId,
  personaName,
  images,
  loadPlot = loadUplot,
  now = Date.now,
}: {
  client: MoodClient;
  personaId: string;
  personaName: string;
  images?: EmotionImages;
  loadPlot?: () => Promise<PlotConstructor>;
  now?: () => number;
}) {
  const { current, error, refresh } = useMood(client, personaId);
  const [period, setPeriod] = useState<PeriodId>('week');
  const [history, setHistory] = useState<(HistoryWindow & { readAt: number }) | null>(null);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const ticket = useRef(0);

  useEffect(() => {
    const span = PERIODS.find((p) => p.id === period)!.span;
    const read = () => {
      const mine = ++ticket.current;
      const readAt = now();
      loadHistory(client, personaId, span === null ? 0 : readAt - span).then(
        (window) => mine === ticket.current && (setHistory({ ...window, readAt }), setHistoryError(null)),
        (reason: unknown) => mine === ticket.current && setHistoryError(String(reason)),
      );
    };
    read();
    const stop = client.subscribe(read);
    return () => {
      ticket.current++;
      stop();
    };
  }, [client, personaId, period, now]);

  const charts = useMemo(() => {
    if (!history) return null;
    return {
      mood: moodSeries(history.entries, current?.mood, history.readAt),
      relationship: relationshipSeries(history.entries, current?.relationship, history.readAt),
    };
  }, [history, current]);
  const newestFirst = useMemo(() => [...(history?.entries ?? [])].reverse(), [history]);
  const relationshipChanges = useMemo(
    () => newestFirst.filter((e) => e.kind === 'relationship' || (e.kind === 'reset' && 'trust' in e.after)),
    [newestFirst],
  );

  if (error && !current) {
    return (
      <p class="error" role="alert">
        The mood could not be read: {error}
      </p>
    );
  }
  if (!current) return <p class="muted">Reading the mood…</p>;
  return (
    <div class="stack mood-section">
      <MoodNow
        personaName={personaName}
        mood={current.mood}
        relationship={current.relationship}
        images={images}
      />
      <MoodControls
        client={client}
        personaId={personaId}
        personaName={personaName}
        paused={current.mood.paused}
        onDone={refresh}
      />
      <label class="row">
        Period shown
        <select value={period} onChange={(e) => setPeriod(e.currentTarget.value as PeriodId)}>
          {PERIODS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {historyError && (
        <p class="error" role="alert">
          The log could not be read: {historyError}
        </p>
      )}
      {history?.truncated && (
        <p class="muted">
          Only the newest {history.entries.length.toLocaleString()} changes of this period are shown.
        </p>
      )}
      <h3 id="h-mood-chart">Mood over time</h3>
      {charts && <TimeChart label="Mood over time" series={charts.mood} range={MOOD_RANGE} load={loadPlot} />}
      <h3 id="h-relationship-history">Relationship history</h3>
      {charts && (
        <TimeChart
          label="Relationship over time"
          series={charts.relationship}
          range={RELATIONSHIP_RANGE}
          load={loadPlot}
        />
      )}
      {history && <RelationshipLog entries={relationshipChanges} />}
      <h3 id="h-mood-log">Log of causes</h3>
      {history && <CauseLog entries={newestFirst} />}
    </div>
  );
}
