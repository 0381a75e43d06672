import { describe, expect, it } from 'vitest';
import { articleOf } from './page-article';

describe('the page record’s article', () => {
  it('is read when the record has one, with defaults for missing optional fields', () => {
    const record = {
      tabId: 1,
      url: 'https://a.test/',
      article: { title: 'T', url: 'https://a.test/', text: 'Body', tokens: 2 },
    };
    expect(articleOf(record)).toEqual({
      title: 'T',
      url: 'https://a.test/',
      text: 'Body',
      tokens: 2,
      headings: [],
      selection: '',
      injectionSuspected: false,
    });
  });
  it('is null when absent or malformed (too long, wrong types), never an error', () => {
    expect(articleOf({ tabId: 1 })).toBeNull();
    expect(articleOf(null)).toBeNull();
    expect(articleOf({ article: { title: 1 } })).toBeNull();
    expect(articleOf({ article: { title: 'T', url: 'u', text: 'x'.repeat(200_001) } })).toBeNull();
  });
});
