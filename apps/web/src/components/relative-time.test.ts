import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time';

const now = new Date('2026-11-30T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('relativeTime', () => {
  it('says just now under a minute, then the largest whole unit', () => {
    expect(relativeTime(ago(20), now, 'en')).toBe('just now');
    expect(relativeTime(ago(3 * 60 + 10), now, 'en')).toBe('3 minutes ago');
    expect(relativeTime(ago(2 * 3600), now, 'en')).toBe('2 hours ago');
    expect(relativeTime(ago(26 * 3600), now, 'en')).toBe('yesterday');
    expect(relativeTime(ago(3 * 24 * 3600), now, 'en')).toBe('3 days ago');
  });

  it('speaks of the future too (a suspension that ends)', () => {
    expect(relativeTime(new Date(now.getTime() + 2 * 24 * 3600 * 1000), now, 'en')).toBe('in 2 days');
  });
});
