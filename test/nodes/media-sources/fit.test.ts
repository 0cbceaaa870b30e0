import { describe, expect, it } from 'vitest';
import { fitRect } from '../../../src/nodes/media/fit';

const clip = { width: 256, height: 192 };

describe('fitRect', () => {
  it('crop fills the frame and cuts the overflow evenly from a wide source', () => {
    expect(fitRect('crop', clip, { width: 128, height: 128 })).toEqual({ sx: 32, sy: 0, sw: 192, sh: 192, dx: 0, dy: 0, dw: 128, dh: 128 });
  });

  it('crop cuts top and bottom from a tall source', () => {
    expect(fitRect('crop', { width: 100, height: 400 }, { width: 200, height: 200 })).toEqual({ sx: 0, sy: 150, sw: 100, sh: 100, dx: 0, dy: 0, dw: 200, dh: 200 });
  });

  it('crop keeps the aspect ratio: source and destination rectangles have the same shape', () => {
    const r = fitRect('crop', { width: 1920, height: 1080 }, { width: 256, height: 256 });
    expect(r.sw / r.sh).toBeCloseTo(r.dw / r.dh, 10);
    expect(r.sx).toBeCloseTo((1920 - 1080) / 2, 10);
  });

  it('letterbox fits the whole picture, centred, with whole-pixel bars', () => {
    expect(fitRect('letterbox', clip, { width: 256, height: 256 })).toEqual({ sx: 0, sy: 0, sw: 256, sh: 192, dx: 0, dy: 32, dw: 256, dh: 192 });
    expect(fitRect('letterbox', clip, { width: 100, height: 100 })).toEqual({ sx: 0, sy: 0, sw: 256, sh: 192, dx: 0, dy: 12, dw: 100, dh: 75 });
    const pillar = fitRect('letterbox', { width: 100, height: 400 }, { width: 200, height: 200 });
    expect(pillar).toEqual({ sx: 0, sy: 0, sw: 100, sh: 400, dx: 75, dy: 0, dw: 50, dh: 200 });
  });

  it('stretch maps the whole source onto the whole frame', () => {
    expect(fitRect('stretch', clip, { width: 64, height: 64 })).toEqual({ sx: 0, sy: 0, sw: 256, sh: 192, dx: 0, dy: 0, dw: 64, dh: 64 });
  });

  it('is the identity in every mode when the sizes are equal', () => {
    for (const fit of ['crop', 'letterbox', 'stretch'] as const) {
      expect(fitRect(fit, clip, clip)).toEqual({ sx: 0, sy: 0, sw: 256, sh: 192, dx: 0, dy: 0, dw: 256, dh: 192 });
    }
  });

  it('never makes a letterboxed picture thinner than one pixel', () => {
    expect(fitRect('letterbox', { width: 10_000, height: 1 }, { width: 64, height: 64 }).dh).toBe(1);
  });

  it('refuses an empty size', () => {
    expect(() => fitRect('crop', { width: 0, height: 10 }, clip)).toThrow(RangeError);
  });
});
