import type { EntryReport } from '../../lib/persona/lorebook/activation-types';
import { describeRow } from './inspector-text';

/** One lorebook activation report as a table: each entry, its outcome and why (dropped ones marked). */
export function LoreReportTable({ label, rows }: { label: string; rows: readonly EntryReport[] }) {
  return (
    <table class="lore-report" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Entry</th>
          <th scope="col">Outcome</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const words = describeRow(row, rows);
          return (
            <tr key={row.index} data-outcome={row.outcome} class={words.dropped ? 'lore-dropped' : undefined}>
              <th scope="row">{row.label}</th>
              <td>{words.outcome}</td>
              <td>{words.why}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
