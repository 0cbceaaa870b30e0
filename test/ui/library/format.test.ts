import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes } from '../../../src/ui/library/format';

describe('formatBytes', () => {
  it('shows bytes, kilobytes and megabytes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
  });
});

describe('formatAgo', () => {
  const now = 10 * 24 * 3600_000;
  it('says how long ago, coarsely', () => {
    expect(formatAgo(now - 5_000, now)).toBe('just now');
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatAgo(now - 3 * 3600_000, now)).toBe('3 h ago');
    expect(formatAgo(now - 30 * 3600_000, now)).toBe('yesterday');
    expect(formatAgo(now - 4 * 24 * 3600_000, now)).toBe('4 days ago');
  });
});
