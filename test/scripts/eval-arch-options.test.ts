import { describe, expect, it } from 'vitest';
import { parseEvalArgs } from '../../scripts/lib/eval-options';
import { architecturesOf } from '../../tools/eval/multiscale-types';

describe('eval --arch', () => {
  it('defaults to the pix2pix evaluation and takes multiscale or both', () => {
    const parse = (...extra: string[]) => parseEvalArgs(['--clip', 'c.webm', ...extra], '/tmp');
    const arch = (...extra: string[]) => { const parsed = parse(...extra); return parsed.ok === true ? parsed.options.arch : parsed; };
    expect(arch()).toBe('pix2pix');
    expect(arch('--arch', 'multiscale')).toBe('multiscale');
    expect(arch('--arch=both')).toBe('both');
    expect(parse('--arch', 'unet')).toEqual({ ok: false, error: '--arch must be pix2pix, multiscale or both, got "unet"' });
    expect(parse('--arch', 'both', '--online')).toEqual({ ok: false, error: '--restoration and --online evaluate pix2pix loops; leave them out with --arch both' });
  });

  it('trains pix2pix first, then the multi-scale generator, for both', () => {
    expect(architecturesOf('both')).toEqual(['pix2pix', 'multiscale']);
    expect(architecturesOf('multiscale')).toEqual(['multiscale']);
  });
});
