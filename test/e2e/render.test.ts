import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/app-server';
import { emptyGraph, toGraphJson } from '../../src/core';
import { readGraphFromVideo } from '../../src/nodes/media/graph-in-video';
import { makeAudioFixtures, probeAudio } from './audio-fixtures';
import { decodeErrors, extractFrame, probeVideo, videoPath } from './encoder-probe';
import { E2E_DIST } from './global-setup';
import { render } from './render-command';

const DEMO = 'src/nodes/examples/train-window-demo.graph.json';

describe('npm run render', () => {
  it('renders the demo graph headless on the default backend into a WebM that ffmpeg plays and that carries its graph', async () => {
    const out = videoPath('render-demo.webm');
    rmSync(out, { force: true });
    // --dist: the build the e2e setup just made, served as it is.
    const run = await render([DEMO, '--frames', '30', '--out', out, '--size', '64x64', '--dist', E2E_DIST]);
    expect(run.stderr).not.toMatch(/render:/);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('frame 1/30');
    expect(run.stdout).toContain('frame 30/30');
    expect(run.stdout).toMatch(/frames\s+30 at 30 fps/);
    expect(run.stdout).toMatch(/size\s+64×64/);
    expect(run.stdout).toMatch(/codec\s+VP9/);
    expect(run.stdout).toMatch(/graph\s+embedded and verified/);

    const probed = probeVideo(out);
    expect(probed).toMatchObject({ codec: 'vp9', width: 64, height: 64, frameRate: '30/1', frames: 30 });
    expect(decodeErrors(out)).toBe('');
    const graph = JSON.parse((await readGraphFromVideo(new Blob([readFileSync(out)])))!) as { settings: unknown; nodes: Array<{ type: string; params: Record<string, unknown> }> };
    expect(graph.settings).toEqual({ width: 64, height: 64, fps: 30 });
    // The demo has no Encoder: the command added one recording the Preview's input.
    expect(graph.nodes.find((n) => n.type === 'encoder')?.params).toMatchObject({ record: true, frames: 30, container: 'webm', codec: 'vp9' });
    extractFrame(out, 29, videoPath('render-demo-frame-29.png'));
  });

  describe('fails before starting a browser, with exit code 1 and a message', () => {
    const dir = path.join(ROOT, 'test-results', 'render-failures');
    mkdirSync(dir, { recursive: true });

    it('for a graph file that does not exist', async () => {
      const run = await render(['no/such/graph.json', '--frames', '5', '--out', path.join(dir, 'a.webm')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/render: cannot read the graph file .*no\/such\/graph\.json: no such file/);
    });

    it('for a file that is not a valid graph', async () => {
      const bad = path.join(dir, 'bad.graph.json');
      writeFileSync(bad, JSON.stringify({ format: 'nfp-studio-graph', version: 1, name: 'bad', settings: { width: 64, height: 64, fps: 30 }, nodes: [{ id: 'x' }], edges: [], models: [], plugins: [] }));
      const run = await render([bad, '--frames', '5', '--out', path.join(dir, 'b.webm')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/render: .*bad\.graph\.json: Graph file is invalid: nodes\[0\]/);
    });

    it('for an output path that cannot be written', async () => {
      const out = path.join(dir, 'missing-folder', 'c.webm');
      const run = await render([DEMO, '--frames', '5', '--out', out]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`render: cannot write ${out}: the folder ${path.dirname(out)} does not exist`);
      expect(existsSync(out)).toBe(false);
    });

    it('for bad arguments (exit code 2, with the usage)', async () => {
      const run = await render([DEMO, '--out', path.join(dir, 'd.avi'), '--frames', '5']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('render: --out must end in .webm or .mp4');
      expect(run.stderr).toContain('Usage: npm run render');
    });
  });
});

describe('npm run render with a clip (--asset)', () => {
  const fixtures = makeAudioFixtures();
  const graphFile = path.join(fixtures.dir, 'beat.graph.json');
  afterAll(() => rmSync(fixtures.dir, { recursive: true, force: true }));
  writeFileSync(graphFile, toGraphJson({
    ...emptyGraph('Beat render'),
    settings: { width: 64, height: 64, fps: 30 },
    nodes: [
      { id: 'source', type: 'train-window-source', typeVersion: 1, params: { seed: 2 }, position: { x: 0, y: 0 } },
      { id: 'audio', type: 'audio', typeVersion: 1, params: { source: 'clip', clip: fixtures.beat.sha256 }, position: { x: 0, y: 200 } },
      { id: 'rec', type: 'encoder', typeVersion: 2, params: { record: false, container: 'webm', codec: 'vp9', bitrate: 300, fps: 30, frames: 0, soundtrack: fixtures.beat.sha256 }, position: { x: 300, y: 0 } },
    ],
    edges: [{ id: 'e1', from: { node: 'source', port: 'frame' }, to: { node: 'rec', port: 'frame' } }],
  }));

  it('stores the clip in the page, so the Audio node and the Encoder\'s soundtrack read it: the file carries its sound', async () => {
    const out = videoPath('render-beat.webm');
    rmSync(out, { force: true });
    const run = await render([graphFile, '--asset', fixtures.beat.file, '--frames', '15', '--out', out, '--backend', 'cpu', '--dist', E2E_DIST]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/sound\s+Opus, 0\.50 s from beat\.webm/);
    expect(probeVideo(out)).toMatchObject({ codec: 'vp9', frames: 15 });
    const sound = probeAudio(out);
    expect(sound.codec).toBe('opus');
    expect(sound.seconds).toBeGreaterThanOrEqual(0.5 - 0.001);
    expect(sound.seconds).toBeLessThan(0.5 + 0.025);
  });

  it('refuses, before starting a browser, a graph that names a clip no --asset gives', async () => {
    const run = await render([graphFile, '--frames', '5', '--out', videoPath('render-beat-missing.webm')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`render: Clip of node "audio" (audio) names the file ${fixtures.beat.sha256.slice(0, 12)}…; Soundtrack (clip sound) of node "encoder" (rec) names the file ${fixtures.beat.sha256.slice(0, 12)}…: pass that file with --asset FILE`);
  });
});
