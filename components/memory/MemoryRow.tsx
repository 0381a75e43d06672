import { isCurrent, type MemoryRecord } from '../../lib/memory/records';
import { KIND_LABELS, isWebUrl, quote, siteOf } from './memory-query';
import { PencilIcon, PinIcon, TrashIcon } from '../ui/icons';

/** Height of one row in px; the virtual list depends on every row having it. */
export const ROW_HEIGHT = 112;

const DAY = 86_400_000;
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** A day in words ("3 May 2026" in the person's locale). */
export function formatDay(ms: number): string {
  return Number.isFinite(ms) ? dayFormat.format(ms) : 'an unknown day';
}

function When({ at }: { at: number }) {
  return <time dateTime={Number.isFinite(at) ? new Date(at).toISOString() : undefined}>{formatDay(at)}</time>;
}

/** Where the memory came from, and when. */
function Provenance({ record, conversationTitle }: { record: MemoryRecord; conversationTitle?: string }) {
  const { provenance } = record;
  if (provenance.type === 'page') {
    const site = siteOf(record) ?? 'a page';
    const label = provenance.title?.trim() || provenance.url;
    return (
      <span class="memory-source">
        From a page on {site}, <When at={record.createdAt} />:{' '}
        {isWebUrl(provenance.url) ? (
          <a href={provenance.url} target="_blank" rel="noopener noreferrer" title={provenance.url}>
            {label}
          </a>
        ) : (
          <span>{label}</span>
        )}
      </span>
    );
  }
  const turns = provenance.messageIds.length;
  const who = record.kind === 'episode' && record.speaker ? `, said by ${record.speaker}` : '';
  return (
    <span class="memory-source">
      From a chat{conversationTitle ? ` ${quote(conversationTitle, 40)}` : ''} on{' '}
      <When at={record.createdAt} />
      {who}
      {turns > 1 ? ` (${turns} turns)` : ''}
    </span>
  );
}

/** Props of one memory row. */
export interface MemoryRowProps {
  record: MemoryRecord;
  /** The memory that replaced this one, when it still exists. */
  replacement?: MemoryRecord;
  conversationTitle?: string;
  now: number;
  onEdit: (record: MemoryRecord) => void;
  onPin: (record: MemoryRecord) => void;
  onForget: (record: MemoryRecord) => void;
}

/** One memory: its text, kind, where and when it came from, whether it still holds, and its actions. */
export function MemoryRow({
  record,
  replacement,
  conversationTitle,
  now,
  onEdit,
  onPin,
  onForget,
}: MemoryRowProps) {
  const current = isCurrent(record, now);
  const textId = `memory-text-${record.id}`;
  const aboutDay = Math.abs(record.validFrom - record.createdAt) >= DAY;
  return (
    <article class={`memory-row${current ? '' : ' memory-replaced'}${record.pinned ? ' memory-pinned' : ''}`}>
      <div class="memory-body">
        <p id={textId} class="memory-text" title={record.text}>
          {current ? record.text : <s>{record.text}</s>}
        </p>
        <p class="memory-meta muted">
          <span class="badge">{KIND_LABELS[record.kind]}</span>
          {record.pinned && <span class="badge memory-pin-badge">Pinned</span>}
          <Provenance record={record} conversationTitle={conversationTitle} />
          {aboutDay && (
            <span>
              {' '}
              · about <When at={record.validFrom} />
            </span>
          )}
        </p>
        {!current && (
          <p class="memory-history muted">
            {record.supersededBy
              ? replacement
                ? `Replaced by ${quote(replacement.text)}`
                : 'Replaced by a memory since forgotten'
              : 'No longer true'}
            {record.validUntil !== undefined && (
              <>
                {' '}
                since <When at={record.validUntil} />
              </>
            )}
          </p>
        )}
      </div>
      <div class="memory-actions">
        <button
          type="button"
          class="icon"
          aria-label="Edit memory"
          aria-describedby={textId}
          title="Edit"
          onClick={() => onEdit(record)}
        >
          <PencilIcon />
        </button>
        <button
          type="button"
          class="icon"
          aria-label={record.pinned ? 'Unpin memory' : 'Pin memory'}
          aria-describedby={textId}
          title={record.pinned ? 'Unpin: may fade like other memories' : 'Pin: always kept in mind'}
          onClick={() => onPin(record)}
        >
          <PinIcon filled={record.pinned} />
        </button>
        <button
          type="button"
          class="icon memory-forget"
          aria-label="Forget memory"
          aria-describedby={textId}
          title="Forget"
          onClick={() => onForget(record)}
        >
          <TrashIcon />
        </button>
      </div>
    </article>
  );
}
