import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleGraphFile, listExampleIds, parsePreviewsArgs } from '../../scripts/lib/previews-options';
import { README_EXAMPLE } from '../../scripts/lib/readme-media';
import { exampleGraphs } from '../../src/nodes/examples';
import { parsePreviewManifest } from '../../src/ui/library/example-previews';

const ROOT = path.resolve(import.meta.dirname, '../..');
const KNOWN = ['multiscale-loop', 'styled-loop', 'train-window-demo'];

describe('parsePreviewsArgs', () => {
  it('renders every example, 120 frames at 400 kbps on webgl into public/examples by default', () => {
    expect(parsePreviewsArgs([], KNOWN, '/repo')).toEqual({
      ok: true,
      options: { frames: 120, ids: KNOWN, bitrateKbps: 400, backend: 'webgl', out: '/repo/public/examples', dist: undefined, readme: true },
    });
  });

  it('reads --only as a comma list or repeated, keeping the folder\'s order', () => {
    const parsed = parsePreviewsArgs(['--only', 'train-window-demo,multiscale-loop', '--frames=40', '--bitrate', '200', '--backend', 'webgpu', '--dist', 'd', '--out', 'o', '--skip-readme'], KNOWN, '/repo');
    expect(parsed).toEqual({
      ok: true,
      options: { frames: 40, ids: ['multiscale-loop', 'train-window-demo'], bitrateKbps: 200, backend: 'webgpu', out: '/repo/o', dist: '/repo/d', readme: false },
    });
    const repeated = parsePreviewsArgs(['--only', 'styled-loop', '--only', 'train-window-demo'], KNOWN);
    expect(repeated.ok === true && repeated.options.ids).toEqual(['styled-loop', 'train-window-demo']);
  });

  it.each([
    [['--frames', '0'], '--frames must be a whole number from 1 to 10000 (got 0)'],
    [['--frames', '2.5'], '--frames must be a whole number from 1 to 10000 (got 2.5)'],
    [['--bitrate', '10'], '--bitrate must be a whole number of kbps from 50 to 5000 (got 10)'],
    [['--backend', 'wasm'], '--backend must be webgpu, webgl or cpu (got wasm)'],
    [['--only', 'nope,styled-loop'], '--only takes example ids from: multiscale-loop, styled-loop, train-window-demo (got nope)'],
    [['--only', ','], '--only takes example ids from: multiscale-loop, styled-loop, train-window-demo (got none)'],
    [['--out', ' '], '--out needs a folder'],
  ])('refuses %j', (argv, error) => {
    expect(parsePreviewsArgs(argv, KNOWN)).toEqual({ ok: false, error });
  });

  it('renders nothing with --readme-only, which goes with neither --only nor --skip-readme', () => {
    const parsed = parsePreviewsArgs(['--readme-only'], KNOWN);
    expect(parsed.ok === true && parsed.options).toMatchObject({ ids: [], readme: true });
    const error = '--readme-only renders no example: it goes with neither --only nor --skip-readme';
    expect(parsePreviewsArgs(['--readme-only', '--skip-readme'], KNOWN)).toEqual({ ok: false, error });
    expect(parsePreviewsArgs(['--readme-only', '--only', 'styled-loop'], KNOWN)).toEqual({ ok: false, error });
  });

  it('refuses unknown flags and stray arguments, and answers --help', () => {
    expect(parsePreviewsArgs(['--frame', '3'], KNOWN)).toMatchObject({ ok: false, error: expect.stringContaining("'--frame'") });
    expect(parsePreviewsArgs(['graph.json'], KNOWN)).toMatchObject({ ok: false });
    expect(parsePreviewsArgs(['-h'], KNOWN)).toEqual({ ok: 'help' });
  });
});

describe('the examples the command renders', () => {
  it('are the gallery\'s examples: one graph file per example id', () => {
    expect(listExampleIds()).toEqual(exampleGraphs.map((e) => e.id).sort());
    for (const { id } of exampleGraphs) expect(existsSync(exampleGraphFile(id)), id).toBe(true);
  });

  it('include the learned loop the README shows, under its gallery title', () => {
    expect(exampleGraphs.find((e) => e.id === README_EXAMPLE.id)?.title).toBe(README_EXAMPLE.title);
  });

  it('ship as previews the manifest lists, each a small WebM that is there', () => {
    const manifest = path.join(ROOT, 'public/examples/previews.json');
    const previews = parsePreviewManifest(JSON.parse(readFileSync(manifest, 'utf8')));
    expect([...previews.keys()].sort()).toEqual(listExampleIds());
    for (const [id, preview] of previews) {
      const file = readFileSync(path.join(ROOT, 'public/examples', preview.file));
      expect(file.byteLength, id).toBeLessThan(500 * 1024);
      // The EBML magic number every WebM starts with.
      expect([...file.subarray(0, 4)], id).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
    }
  });
});
