import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputProblem, parseRenderArgs, prepareRenderGraph } from '../../scripts/lib/render-options';
import type { RenderOptions } from '../../scripts/lib/render-options';
import { NodeRegistry } from '../../src/core';
import { builtInNodes } from '../../src/nodes';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEMO = path.join(ROOT, 'src/nodes/examples/train-window-demo.graph.json');
const dir = mkdtempSync(path.join(tmpdir(), 'nfp-render-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);

function options(overrides: Partial<RenderOptions> = {}): RenderOptions {
  return { graphFile: DEMO, frames: 30, out: path.join(dir, 'out.webm'), container: 'webm', size: undefined, backend: 'webgpu', dist: undefined, assets: [], ...overrides };
}

describe('parseRenderArgs', () => {
  it('reads the graph file, frames, output, size and backend', () => {
    const parsed = parseRenderArgs(['g.json', '--frames', '120', '--out', 'v.MP4', '--size=256x128', '--backend', 'cpu'], '/work');
    expect(parsed).toEqual({
      ok: true,
      options: { graphFile: '/work/g.json', frames: 120, out: '/work/v.MP4', container: 'mp4', size: { width: 256, height: 128 }, backend: 'cpu', dist: undefined, assets: [] },
    });
  });

  it('defaults to the webgpu backend and the graph size', () => {
    const parsed = parseRenderArgs(['g.json', '--frames', '1', '--out', 'v.webm']);
    expect(parsed.ok === true && parsed.options).toMatchObject({ backend: 'webgpu', size: undefined, container: 'webm' });
  });

  it.each([
    [[], 'name the graph file to render'],
    [['a.json', 'b.json', '--frames', '1', '--out', 'v.webm'], 'one graph file at a time (got a.json, b.json)'],
    [['g.json', '--out', 'v.webm'], '--frames N is required'],
    [['g.json', '--frames', '0', '--out', 'v.webm'], '--frames must be a whole number from 1 to 100000, got "0"'],
    [['g.json', '--frames', '2.5', '--out', 'v.webm'], '--frames must be a whole number from 1 to 100000, got "2.5"'],
    [['g.json', '--frames', '1'], '--out FILE is required'],
    [['g.json', '--frames', '1', '--out', 'v.avi'], '--out must end in .webm or .mp4, got "v.avi"'],
    [['g.json', '--frames', '1', '--out', 'v.webm', '--size', '64'], '--size must be WxH with each side from 16 to 4096, e.g. 256x256; got "64"'],
    [['g.json', '--frames', '1', '--out', 'v.webm', '--size', '8x8'], '--size must be WxH with each side from 16 to 4096, e.g. 256x256; got "8x8"'],
    [['g.json', '--frames', '1', '--out', 'v.webm', '--backend', 'wasm'], '--backend must be webgpu, webgl or cpu, got "wasm"'],
    [['g.json', '--frames', '--out', 'v.webm'], '--frames needs a value'],
    [['g.json', '--fps', '3'], 'unknown option --fps'],
  ])('refuses %j: %s', (argv, error) => {
    expect(parseRenderArgs(argv)).toEqual({ ok: false, error });
  });

  it('collects every --asset, resolved against the working folder', () => {
    const parsed = parseRenderArgs(['g.json', '--frames', '1', '--out', 'v.webm', '--asset', 'clips/a.webm', '--asset=/abs/b.mp4'], '/work');
    expect(parsed.ok === true && parsed.options.assets).toEqual(['/work/clips/a.webm', '/abs/b.mp4']);
  });

  it('answers --help', () => {
    expect(parseRenderArgs(['--help'])).toEqual({ ok: 'help' });
  });
});

describe('outputProblem', () => {
  it('accepts a writable path and leaves no file behind', () => {
    const file = path.join(dir, 'fresh.webm');
    expect(outputProblem(file)).toBeNull();
    expect(existsSync(file)).toBe(false);
  });

  it('keeps an existing file untouched', () => {
    const file = path.join(dir, 'existing.webm');
    writeFileSync(file, 'keep me');
    expect(outputProblem(file)).toBeNull();
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('names a missing folder and a path that is a folder', () => {
    expect(outputProblem(path.join(dir, 'nope', 'v.webm'))).toBe(`cannot write ${path.join(dir, 'nope', 'v.webm')}: the folder ${path.join(dir, 'nope')} does not exist`);
    mkdirSync(path.join(dir, 'folder.webm'));
    expect(outputProblem(path.join(dir, 'folder.webm'))).toBe(`cannot write ${path.join(dir, 'folder.webm')}: it is a folder`);
  });
});

describe('prepareRenderGraph', () => {
  it('adds an Encoder fed like the Preview when the graph has none, set to record the frames', () => {
    const prepared = prepareRenderGraph(options({ size: { width: 64, height: 64 } }), registry);
    if (!prepared.ok) throw new Error(prepared.error);
    expect(prepared.graph.settings).toEqual({ width: 64, height: 64, fps: 30 });
    const encoder = prepared.graph.nodes.find((n) => n.id === prepared.encoderId)!;
    expect(encoder).toMatchObject({ type: 'encoder', params: { record: true, frames: 30, container: 'webm', codec: 'vp9' } });
    const feed = prepared.graph.edges.find((e) => e.to.node === 'preview')!.from;
    expect(prepared.graph.edges.find((e) => e.to.node === encoder.id)?.from).toEqual(feed);
    expect(prepared.notes).toEqual([
      'frame size 128×128 → 64×64 (--size)',
      `the graph has no Encoder node: added "${encoder.id}", recording what the Preview node "preview" shows`,
    ]);
  });

  it('lets the .mp4 extension pick the container and its default codec for an added Encoder', () => {
    const prepared = prepareRenderGraph(options({ container: 'mp4' }), registry);
    expect(prepared.ok && prepared.graph.nodes.find((n) => n.type === 'encoder')!.params).toMatchObject({ container: 'mp4', codec: 'avc' });
  });

  function graphWithEncoders(codecs: string[]): string {
    const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as { nodes: object[]; edges: object[] };
    const file = path.join(dir, `encoders-${codecs.join('-')}.graph.json`);
    codecs.forEach((codec, i) => {
      demo.nodes.push({ id: `enc${i}`, type: 'encoder', typeVersion: 1, params: { record: false, container: 'webm', codec, bitrate: 800, fps: 24, frames: 0 }, position: { x: 0, y: 0 } });
      demo.edges.push({ id: `enc-edge${i}`, from: { node: 'transform', port: 'frame' }, to: { node: `enc${i}`, port: 'frame' } });
    });
    writeFileSync(file, JSON.stringify(demo));
    return file;
  }

  it("keeps the graph's own Encoder settings, switching only a codec the container cannot hold", () => {
    const file = graphWithEncoders(['av1']);
    const kept = prepareRenderGraph(options({ graphFile: file, container: 'mp4' }), registry);
    expect(kept.ok && kept.graph.nodes.find((n) => n.id === 'enc0')!.params).toEqual({ record: true, container: 'mp4', codec: 'av1', bitrate: 800, fps: 24, frames: 30, soundtrack: '' });

    const vp8 = graphWithEncoders(['vp8']);
    const switched = prepareRenderGraph(options({ graphFile: vp8, container: 'mp4' }), registry);
    expect(switched.ok && switched.codec).toBe('avc');
    expect(switched.ok && switched.notes).toEqual(['VP8 cannot go into MP4: encoding H.264 instead']);
  });

  it('refuses a graph with two Encoders, a graph with nothing to record, and odd H.264 sizes', () => {
    expect(prepareRenderGraph(options({ graphFile: graphWithEncoders(['vp9', 'vp8']) }), registry)).toEqual({
      ok: false, error: 'the graph has 2 Encoder nodes (enc0, enc1); the render command records exactly one',
    });
    const lonely = path.join(dir, 'lonely.graph.json');
    writeFileSync(lonely, JSON.stringify({ format: 'nfp-studio-graph', version: 1, name: 'lonely', settings: { width: 64, height: 64, fps: 30 }, nodes: [], edges: [], models: [], plugins: [] }));
    expect(prepareRenderGraph(options({ graphFile: lonely }), registry)).toEqual({
      ok: false, error: 'the graph has no Encoder node and no Preview node to record from: add an Encoder node',
    });
    expect(prepareRenderGraph(options({ container: 'mp4', size: { width: 65, height: 64 } }), registry)).toEqual({
      ok: false, error: 'H.264 needs an even width and height; the frame is 65×64',
    });
  });

  it('reports a missing file and a broken graph file with the path', () => {
    const missing = path.join(dir, 'missing.json');
    expect(prepareRenderGraph(options({ graphFile: missing }), registry)).toEqual({ ok: false, error: `cannot read the graph file ${missing}: no such file` });
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ "format": ');
    const result = prepareRenderGraph(options({ graphFile: broken }), registry);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: Graph file is not valid JSON`));
  });
});
