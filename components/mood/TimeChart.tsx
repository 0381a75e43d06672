import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { toUplotData, type ChartSeries } from '../../lib/mood/chart-series';

/** uPlot's constructor, or a stand-in with its signature (tests: there is no canvas in jsdom). */
export type PlotConstructor = new (
  options: uPlot.Options,
  data: uPlot.AlignedData,
  target: HTMLElement,
) => {
  setSize(size: { width: number; height: number }): void;
  destroy(): void;
};

/** Loads uPlot on first use: the chart is the only part of the options page that needs it. */
export const loadUplot = async (): Promise<PlotConstructor> => (await import('./uplot-chunk')).default;

const HEIGHT = 220;
// Dashes as well as colours, so the lines stay apart without colour vision.
/** A single point gives a line nothing to draw and uPlot's time axis no span (it spreads years). */
const MIN_POINTS = 2;
const DASHES: (number[] | undefined)[] = [undefined, [8, 4], [2, 3]];

/**
 * A line chart over time (uPlot, lazy-loaded), coloured from the theme's --chart-1..3. The
 * canvas says nothing to a screen reader, so the chart is one image with a summary for a
 * name; the tables below it carry every value.
 */
export function TimeChart({
  label,
  series,
  range,
  load = loadUplot,
}: {
  label: string;
  series: ChartSeries;
  range: [number, number];
  load?: () => Promise<PlotConstructor>;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const el = host.current;
    if (!el || series.at.length < MIN_POINTS) return;
    let gone = false;
    let plot: InstanceType<PlotConstructor> | null = null;
    let observer: ResizeObserver | undefined;
    load().then(
      (Plot) => {
        if (gone) return;
        const css = getComputedStyle(el);
        const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
        const axis = {
          stroke: color('--ink', '#2b2420'),
          grid: { stroke: color('--line', '#e8dfd6'), width: 1 },
          ticks: { stroke: color('--line', '#e8dfd6'), width: 1 },
        };
        plot = new Plot(
          {
            width: Math.max(280, el.clientWidth),
            height: HEIGHT,
            scales: { x: { time: true }, y: { range } },
            axes: [axis, axis],
            series: [
              {},
              ...series.lines.map((line, i) => ({
                label: line.label,
                stroke: color(`--chart-${i + 1}`, '#c2552d'),
                width: 2,
                dash: DASHES[i],
                spanGaps: true,
                points: { show: series.at.length <= 60 },
              })),
            ],
          },
          toUplotData(series),
          el,
        );
        if (typeof ResizeObserver === 'function') {
          observer = new ResizeObserver(() =>
            plot?.setSize({ width: Math.max(280, el.clientWidth), height: HEIGHT }),
          );
          observer.observe(el);
        }
      },
      (reason: unknown) => !gone && setError(`The chart could not load: ${String(reason)}`),
    );
    return () => {
      gone = true;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [series, range[0], range[1], load]);

  if (series.at.length < MIN_POINTS)
    return <p class="muted">Nothing to chart in this period yet: a line needs two moments.</p>;
  const first = new Date(series.at[0]!).toLocaleString();
  const last = new Date(series.at.at(-1)!).toLocaleString();
  return (
    <>
      <div
        ref={host}
        class="mood-chart"
        role="img"
        aria-label={`${label}: ${series.lines.map((l) => l.label.toLowerCase()).join(', ')}; ${series.at.length} points from ${first} to ${last}`}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
