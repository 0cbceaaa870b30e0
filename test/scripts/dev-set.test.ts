import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV_SET_CLIPS, parseDevSetArgs } from '../../scripts/lib/dev-set-options';
import { fbm, panZoomScene, waterScene } from '../../scripts/lib/dev-set-scenes';
import type { Scene } from '../../scripts/lib/dev-set-scenes';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SIZE = 32;
const dir = mkdtempSync(path.join(tmpdir(), 'nfp-dev-set-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Mean absolute difference per byte. */
function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Mean absolute difference between horizontally neighbouring pixels, per byte. */
function meanGradient(frame: Uint8Array, size: number): number {
  let sum = 0;
  for (let y = 0; y < size; y++) for (let x = 0; x < size - 1; x++) for (let c = 0; c < 3; c++) {
    sum += Math.abs(frame[(y * size + x + 1) * 3 + c]! - frame[(y * size + x) * 3 + c]!);
  }
  return sum / (size * (size - 1) * 3);
}

const scenes: readonly [string, (seed: number, size: number) => Scene][] = [['pan-zoom', panZoomScene], ['water', waterScene]];

describe.each(scenes)('the %s scene', (_name, make) => {
  it('gives the same bytes for the same seed and frame', () => {
    expect(make(3, SIZE).render(17)).toEqual(make(3, SIZE).render(17));
  });

  it('gives different bytes for a different seed', () => {
    expect(meanAbsDiff(make(3, SIZE).render(17), make(4, SIZE).render(17))).toBeGreaterThan(5);
  });

  it('renders frames of size × size rgb24 bytes', () => {
    expect(make(1, SIZE).render(0)).toHaveLength(SIZE * SIZE * 3);
    expect(make(1, 20).render(5)).toHaveLength(20 * 20 * 3);
  });

  it('moves from each frame to the next', () => {
    const scene = make(1, SIZE);
    for (const frame of [0, 60, 150]) expect(meanAbsDiff(scene.render(frame), scene.render(frame + 1))).toBeGreaterThan(0.5);
  });

  it('has detail in every frame it is checked at', () => {
    const scene = make(1, SIZE);
    for (const frame of [0, 100, 239]) expect(meanGradient(scene.render(frame), SIZE)).toBeGreaterThan(2);
  });
});

describe('fbm', () => {
  it('stays in [0, 1] and is continuous', () => {
    const noise = fbm(9, 6);
    for (let i = 0; i < 200; i++) {
      const x = i * 0.173;
      const y = i * 0.091;
      expect(noise(x, y)).toBeGreaterThanOrEqual(0);
      expect(noise(x, y)).toBeLessThanOrEqual(1);
      expect(Math.abs(noise(x + 1e-4, y) - noise(x, y))).toBeLessThan(0.01);
    }
  });

  it('fades its last octave in with fractional detail', () => {
    const noise = fbm(9, 6);
    const [coarse, between, fine] = [2, 2.5, 3].map((detail) => noise(1.37, 4.21, detail)) as [number, number, number];
    expect(between).toBeCloseTo((coarse + fine) / 2, 10);
  });
});

describe('parseDevSetArgs', () => {
  it('defaults to all four clips, 128 px and 240 frames in dev-set/', () => {
    expect(parseDevSetArgs([], '/work')).toEqual({ ok: true, options: { out: '/work/dev-set', size: 128, frames: 240, clips: DEV_SET_CLIPS, force: false } });
  });

  it('reads --out, --size, --frames, --only and --force', () => {
    expect(parseDevSetArgs(['--out', 'x', '--size=64', '--frames', '12', '--only', 'water,pan-zoom', '--force'], '/work')).toEqual({
      ok: true, options: { out: '/work/x', size: 64, frames: 12, clips: ['pan-zoom', 'water'], force: true },
    });
  });

  it('answers --help', () => {
    expect(parseDevSetArgs(['--help'])).toEqual({ ok: 'help' });
  });

  it.each([
    [['--bogus']],
    [['--size', '12']],
    [['--size', '64px']],
    [['--frames', '0']],
    [['--only', 'lava']],
    [['--only', ',']],
    [['stray']],
  ])('refuses %j', (argv) => {
    expect(parseDevSetArgs(argv).ok).toBe(false);
  });
});

const hasFfmpeg = existsSync('/usr/bin/ffmpeg') && existsSync('/usr/bin/ffprobe');

describe('npm run dev-set', () => {
  const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
  const script = path.join(ROOT, 'scripts/make-dev-set.ts');
  const run = (...args: string[]) => spawnSync(tsx, [script, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });

  it.skipIf(!hasFfmpeg)('writes a VP9 WebM clip with one frame per --frames, and skips it the next time', () => {
    const first = run('--out', 'set', '--size', '32', '--frames', '6', '--only', 'pan-zoom');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const file = path.join(dir, 'set/pan-zoom.webm');
    expect(first.stdout).toMatch(/^set\/pan-zoom\.webm: 6 frames, 32×32, \d+ bytes, [\d.]+ s\n$/);
    expect(existsSync(`${file}.partial`)).toBe(false);
    const probe = spawnSync('/usr/bin/ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height,nb_read_frames', '-of', 'csv=p=0', file], { encoding: 'utf8' });
    expect(probe.stdout.trim()).toBe('vp9,32,32,6');

    const modified = statSync(file).mtimeMs;
    const second = run('--out', 'set', '--size', '32', '--frames', '6', '--only', 'pan-zoom');
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('exists, skipped');
    expect(statSync(file).mtimeMs).toBe(modified);
  });

  it('exits 2 on a bad flag', () => {
    const result = run('--frames', 'many');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--frames must be a whole number');
  });
});
