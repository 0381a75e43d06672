import { describe, expect, it } from 'vitest';
import { CommentSettings, DEFAULT_COMMENT_SETTINGS, commentSettingsFromStored } from './comment-settings';
import { DEFAULT_SETTINGS, Settings } from '../settings/schema';

describe('comment settings', () => {
  it('are off by default, and settings stored before the section existed get the defaults', () => {
    expect(DEFAULT_COMMENT_SETTINGS.enabled).toBe(false);
    expect(DEFAULT_SETTINGS.comments).toEqual(DEFAULT_COMMENT_SETTINGS);
    const { comments: _none, ...older } = DEFAULT_SETTINGS;
    expect(Settings.parse(older).comments).toEqual(DEFAULT_COMMENT_SETTINGS);
  });

  it('the background reads the section from the stored envelope; anything unreadable is the (off) defaults', () => {
    const on = { ...DEFAULT_COMMENT_SETTINGS, enabled: true, maxPerHour: 4 };
    expect(commentSettingsFromStored({ version: 3, value: { comments: on } })).toEqual(on);
    expect(commentSettingsFromStored(undefined)).toEqual(DEFAULT_COMMENT_SETTINGS);
    expect(commentSettingsFromStored({ version: 3, value: {} })).toEqual(DEFAULT_COMMENT_SETTINGS);
    const bad = { version: 3, value: { comments: { ...on, maxPerHour: 'many' } } };
    expect(commentSettingsFromStored(bad)).toEqual(DEFAULT_COMMENT_SETTINGS);
  });

  it('refuses out-of-range values with the field named', () => {
    const result = CommentSettings.safeParse({
      ...DEFAULT_COMMENT_SETTINGS,
      quietHours: { enabled: true, start: 1440, end: 0 },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['quietHours', 'start']);
    expect(CommentSettings.safeParse({ ...DEFAULT_COMMENT_SETTINGS, minDwellSeconds: 5 }).success).toBe(
      false,
    );
  });
});
