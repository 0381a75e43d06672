import { naturalFactText } from '../../lib/memory/fact-text';
import { isCurrent, type MemoryRecord } from '../../lib/memory/records';
import { KIND_LABELS, isWebUrl, quote, siteOf } from './memory-query';
import { isShowableDate } from './memory-dates';
import { PencilIcon, PinIcon, TrashIcon } from '../ui/icons';

/** A row's height in px before it is measured (one line of text, one of details); rows size to their content. */
export const ESTIMATED_ROW_HEIGHT = 72;

const DAY = 86_400_000;
const MAX_SHOWN_CHARS = 2000;
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** A day in words ("3 May 2026" in the person's locale), or "an unknown date" for a bad stored one. */
export function formatDay(ms: number): string {
  return isShowableDate(ms) ? dayFormat.format(ms) : 'an unknown date';
}

function When({ at }: { at: number }) {
  return <time dateTime={isShowableDate(at) ? new Date(at).toISOString() : undefined}>{formatDay(at)}</time>;
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
  // The panel calls the person "You"; the speaker name stored for them ("The user") is not shown.
  const speaker = record.role === 'user' ? 'you' : record.speaker;
  const who = record.kind === 'episode' && speaker ? `, said by ${speaker}` : '';
  return (
    <span class="memory-source">
      From a chat{conversationTitle ? ` ${quote(conversationTitle, 40)}` : ''} on{' '}
      <When at={record.createdAt} />
      {who}
      {turns > 1 ? ` (${turns} turns)` : ''}
    </span>
  );
}

/** Why a search result is in the list: the words it matched, or that it is only related. */
function MatchNote({ words }: { words: readonly string[] }) {
  return words.length > 0 ? (
    <p class="memory-match muted">Matches {words.map((w) => `“${w}”`).join(', ')}</p>
  ) : (
    <p class="memory-match memory-related muted">
      <span class="badge">Related</span> none of the searched words: found through the turns around it or
      similar words
    </p>
  );
}

/** Props of one memory row. */
export interface MemoryRowProps {
  record: MemoryRecord;
  /** The memory that replaced this one, when it still exists. */
  replacement?: MemoryRecord;
  conversationTitle?: string;
  now: number;
  /** While searching: the memory's own words that matched (empty: a related match). */
  matched?: readonly string[];
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
  matched,
  onEdit,
  onPin,
  onForget,
}: MemoryRowProps) {
  const current = isCurrent(record, now);
  const textId = `memory-text-${record.id}`;
  // Six lines at most are shown (memory.css); a huge stored text is not laid out in full.
  const text = naturalFactText(record);
  const shown = text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text;
  const aboutDay = isShowableDate(record.validFrom) && Math.abs(record.validFrom - record.createdAt) >= DAY;
  return (
    <article class={`memory-row${current ? '' : ' memory-replaced'}${record.pinned ? ' memory-pinned' : ''}`}>
      <div class="memory-body">
        <p id={textId} class="memory-text" title={shown}>
          {current ? shown : <s>{shown}</s>}
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
        {matched && <MatchNote words={matched} />}
        {!current && (
          <p class="memory-history muted">
            {record.supersededBy
              ? replacement
                ? `Replaced by ${quote(naturalFactText(replacement))}`
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
