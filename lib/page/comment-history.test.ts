import { describe, expect, it } from 'vitest';
import {
  HISTORY_MS,
  IGNORED_AFTER_MS,
  addComment,
  backOffOf,
  emptyCommentLog,
  outcomeOf,
  parseCommentLog,
  updateComment,
  type CommentEntry,
} from './comment-history';

const NOW = 1_800_000_000_000;
const entry = (id: string, over: Partial<CommentEntry> = {}): CommentEntry => ({
  id,
  at: NOW,
  kind: 'comment',
  tabId: 1,
  key: 'https://a.test/x',
  site: 'a.test',
  url: 'https://a.test/x',
  title: 'X',
  topic: ['x'],
  why: 'Because.',
  ...over,
});

describe('the comment log', () => {
  it('adds comments and drops those older than a week', () => {
    let log = addComment(emptyCommentLog(), entry('old', { at: NOW - HISTORY_MS - 1 }), NOW - HISTORY_MS - 1);
    log = addComment(log, entry('new'), NOW);
    expect(log.comments.map((c) => c.id)).toEqual(['new']);
  });

  it('updates one comment by id, and says when there is none', () => {
    const log = addComment(emptyCommentLog(), entry('a'), NOW);
    expect(updateComment(log, 'a', { reaction: 'dismissed' })?.entry.reaction).toBe('dismissed');
    expect(updateComment(log, 'zzz', { reaction: 'dismissed' })).toBeNull();
  });

  it('outcomes: thumbs-up and replies are positive, dismissals, thumbs-down and silence negative', () => {
    expect(outcomeOf(entry('a', { reaction: 'replied' }), NOW)).toBe('positive');
    expect(outcomeOf(entry('a', { reaction: 'thumbs-up' }), NOW)).toBe('positive');
    expect(outcomeOf(entry('a', { reaction: 'thumbs-down' }), NOW)).toBe('negative');
    expect(outcomeOf(entry('a', { reaction: 'dismissed' }), NOW)).toBe('negative');
    expect(outcomeOf(entry('a', { shownAt: NOW }), NOW + IGNORED_AFTER_MS - 1)).toBe('pending');
    expect(outcomeOf(entry('a', { shownAt: NOW }), NOW + IGNORED_AFTER_MS)).toBe('negative');
  });

  it('the back-off streak counts negatives newest first up to the last positive, skipping pending ones', () => {
    const comments = [
      entry('1', { at: NOW - 50, reaction: 'dismissed' }),
      entry('2', { at: NOW - 40, reaction: 'replied' }),
      entry('3', { at: NOW - 30, reaction: 'thumbs-down', reactedAt: NOW - 25 }),
      entry('4', { at: NOW - 20, reaction: 'dismissed', reactedAt: NOW - 15 }),
      entry('5', { at: NOW - 10 }),
    ];
    expect(backOffOf(comments, NOW)).toEqual({ streak: 2, lastNegativeAt: NOW - 15 });
    expect(backOffOf([], NOW)).toEqual({ streak: 0, lastNegativeAt: null });
  });

  it('reads a stored log back; a damaged one keeps its readable comments only', () => {
    const log = addComment(emptyCommentLog(), entry('a'), NOW);
    expect(parseCommentLog(structuredClone(log))).toEqual(log);
    expect(parseCommentLog(undefined)).toEqual(emptyCommentLog());
    expect(
      parseCommentLog({ comments: [entry('a'), { id: 5 }], noticed: 'x' }).comments.map((c) => c.id),
    ).toEqual(['a']);
  });
});
