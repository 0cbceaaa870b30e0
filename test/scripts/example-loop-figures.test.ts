import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureLoop, parseForFigures, ROOT, SHIPPED_CHECKPOINTS } from '../../scripts/lib/loop-figures';
import { toGraphJson } from '../../src/core';
import type { Graph } from '../../src/core';
import { exampleGraphs } from '../../src/nodes/examples';

const dir = mkdtempSync(path.join(tmpdir(), 'nfp-loop-figures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const example = (id: string): Graph => parseForFigures(exampleGraphs.find((e) => e.id === id)!.text);
const options = { tf, frames: 30, size: 32, checkpointDirs: [SHIPPED_CHECKPOINTS] };

/** The learned-loop example with its generator naming weights nobody ships. */
function brokenGenerator(): Graph {
  const graph = example('train-window-generator');
  const nodes = graph.nodes.map((n) => (n.type === 'next-frame-generator' ? { ...n, params: { ...n.params, checkpoint: 'f'.repeat(64) } } : n));
  return { ...graph, nodes };
}

describe('example loop figures', () => {
  it('reads the loop monitor at the last frame of a short run, as ratios to the source and a colour distance', async () => {
    const figures = await measureLoop(example('train-window-demo'), options);
    expect(figures).toMatchObject({ frames: 30, size: { width: 32, height: 32 }, monitor: { own: false }, source: { port: 'source.frame' } });
    expect(figures.readings.map((r) => r.frame)).toEqual([30]);
    const [reading] = figures.readings;
    for (const value of [reading!.detail, reading!.motion, reading!.colourDistance, reading!.detailRatio, reading!.motionRatio, figures.source.detail, figures.source.motion]) {
      expect(Number.isFinite(value)).toBe(true);
    }
    expect(reading!.detailRatio).toBeCloseTo(reading!.detail / figures.source.detail, 12);
    expect(figures.inRange).toBe(figures.readings.every((r) => r.inRange));
  }, 120_000);

  it('uses the example\'s own Loop Monitor when it has one', async () => {
    const figures = await measureLoop(example('train-window-restoration'), { ...options, frames: 10 });
    expect(figures.monitor).toEqual({ node: 'monitor', own: true });
  }, 120_000);

  it('fails naming the node when a node of the loop fails', async () => {
    await expect(measureLoop(brokenGenerator(), { ...options, frames: 10 })).rejects.toThrow(/the loop failed: generator: .*ffffffffffff/);
  }, 60_000);

  it('refuses a graph without a feedback loop', async () => {
    const graph = example('train-window-demo');
    await expect(measureLoop({ ...graph, edges: graph.edges.filter((e) => e.to.port !== 'seed') }, options)).rejects.toThrow(/no feedback loop/);
  });

  it('exits with code 1 and the failure in its JSON when a graph it is given is broken', () => {
    const file = path.join(dir, 'broken.graph.json');
    writeFileSync(file, toGraphJson(brokenGenerator()));
    const run = spawnSync('npx', ['tsx', 'scripts/example-loop-figures.ts', '--graph', file, '--frames', '10', '--size', '32'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(1);
    const [entry] = JSON.parse(run.stdout) as Array<{ error?: string }>;
    expect(entry!.error).toMatch(/the loop failed: generator/);
  }, 120_000);
});
