import { describe, expect, it } from 'vitest';
import { FrameCache } from '../../../src/nodes/media/frame-cache';

const frame = (bytes: number) => new Uint8ClampedArray(bytes);

describe('FrameCache', () => {
  it('drops the least recently used frames once over its byte budget', () => {
    const cache = new FrameCache(300);
    cache.set(0, frame(100));
    cache.set(1, frame(100));
    cache.set(2, frame(100));
    cache.get(0);
    cache.set(3, frame(100));
    expect([0, 1, 2, 3].map((i) => cache.has(i))).toEqual([true, false, true, true]);
    expect(cache.bytes).toBe(300);
  });

  it('keeps the newest frame even when it alone is over budget', () => {
    const cache = new FrameCache(50);
    cache.set(0, frame(40));
    cache.set(1, frame(80));
    expect(cache.has(0)).toBe(false);
    expect(cache.has(1)).toBe(true);
  });

  it('counts a replaced frame once', () => {
    const cache = new FrameCache(1000);
    cache.set(7, frame(100));
    cache.set(7, frame(200));
    expect(cache.bytes).toBe(200);
    expect(cache.size).toBe(1);
    cache.clear();
    expect(cache.bytes).toBe(0);
  });
});
