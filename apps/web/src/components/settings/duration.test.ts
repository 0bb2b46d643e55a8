import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration';

describe('formatDuration', () => {
  it('says a duration in its largest units', () => {
    expect(formatDuration(12 * 3600)).toBe('12 hours');
    expect(formatDuration(7 * 86_400)).toBe('7 days');
    expect(formatDuration(5400)).toBe('1 hour 30 minutes');
    expect(formatDuration(60)).toBe('1 minute');
    expect(formatDuration(45)).toBe('45 seconds');
    expect(formatDuration(0)).toBe('0 seconds');
  });
});
