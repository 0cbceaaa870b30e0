/**
 * Runs built-in example graphs' feedback loops offline (Node, tfjs CPU, the real Scheduler and
 * node registry, the checkpoints and clips the app ships) and prints, as JSON, what their Loop
 * Monitor reads at frames 100, 300 and 1000 (those within --frames, and the last): detail and
 * motion as ratios to the source's, colour distance from the source, and whether each is in
 * issue 24's ranges (ratios 0.5–2, colour distance ≤ 0.3). See scripts/lib/loop-figures.ts.
 *
 *   npx tsx scripts/example-loop-figures.ts [--examples id,id] [--frames 1000] [--size N]
 *   npx tsx scripts/example-loop-figures.ts --graph FILE [--checkpoints DIR] [--frames N]
 *
 * --examples takes ids from src/nodes/examples/index.ts (default: every example with a loop).
 * --graph measures a graph file instead (a checkpoint being trained, say, with its weights in
 * --checkpoints DIR, searched before public/checkpoints). Exit code 1 when an example fails to
 * run (its entry then carries `error`), 2 for bad arguments.
 */
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { errorMessage } from '../src/core';
import { measureLoop, parseForFigures, SHIPPED_CHECKPOINTS } from './lib/loop-figures';
import type { GraphFigures } from './lib/loop-figures';
import type { MonitorReading } from '../src/nodes/monitor/health';

const USAGE = 'usage: tsx scripts/example-loop-figures.ts [--examples id,id] [--graph FILE] [--checkpoints DIR] [--frames N] [--size N]';

function fail(message: string): never {
  console.error(`example-loop-figures: ${message}\n${USAGE}`);
  process.exit(2);
}

// The examples' list imports their graph files as `?raw`, as Vite does.
register('./lib/raw-import-hook.ts', import.meta.url);
const { exampleGraphs } = await import('../src/nodes/examples');

type Entry = { readonly id: string; readonly title: string } & ({ readonly figures: GraphFigures } | { readonly error: string });

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ options: {
      examples: { type: 'string' }, graph: { type: 'string' }, checkpoints: { type: 'string', multiple: true },
      frames: { type: 'string', default: '1000' }, size: { type: 'string' },
    } }));
  } catch (error) {
    fail(errorMessage(error));
  }
  const frames = Number(values.frames);
  if (!(Number.isInteger(frames) && frames >= 10)) fail(`--frames must be an integer ≥ 10, got ${values.frames}`);
  const size = values.size === undefined ? undefined : Number(values.size);
  if (size !== undefined && !(Number.isInteger(size) && size >= 8)) fail(`--size must be an integer ≥ 8, got ${values.size}`);
  if (values.graph !== undefined && values.examples !== undefined) fail('give --examples or --graph, not both');

  const targets = values.graph !== undefined
    ? [{ id: path.basename(values.graph), title: values.graph, text: readGraph(values.graph) }]
    : selectExamples(values.examples);
  await tf.setBackend('cpu');
  const checkpointDirs = [...(values.checkpoints ?? []).map((d) => path.resolve(d)), SHIPPED_CHECKPOINTS];
  const entries: Entry[] = [];
  for (const target of targets) {
    console.error(`${target.id}: ${frames} frames…`);
    try {
      const progress = (frame: number, reading: MonitorReading | undefined) => {
        console.error(`${target.id}: frame ${frame}: ${reading ? `detail ${reading.detail.toExponential(3)} · motion ${reading.motion?.toExponential(3) ?? '–'} · colour ${reading.histogram.toFixed(3)}` : 'no reading yet'}`);
      };
      const figures = await measureLoop(parseForFigures(target.text), { tf, frames, checkpointDirs, progress, ...(size ? { size } : {}) });
      entries.push({ id: target.id, title: target.title, figures });
      console.error(`${target.id}: ${figures.msPerFrame.toFixed(1)} ms/frame, ${figures.inRange ? 'in range' : 'out of range'}`);
    } catch (error) {
      entries.push({ id: target.id, title: target.title, error: errorMessage(error) });
      console.error(`${target.id}: FAILED: ${errorMessage(error)}`);
    }
  }
  console.log(JSON.stringify(entries, null, 2));
  if (entries.some((e) => 'error' in e)) process.exit(1);
}

function readGraph(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    fail(`cannot read --graph ${file}: ${errorMessage(error)}`);
  }
}

/** The named examples, or every one with a feedback loop. */
function selectExamples(list: string | undefined): Array<{ id: string; title: string; text: string }> {
  if (list === undefined) return exampleGraphs.filter((e) => /"type": "(feedback|frame-history)"/.test(e.text)).map((e) => ({ ...e }));
  return list.split(',').map((id) => {
    const example = exampleGraphs.find((e) => e.id === id.trim());
    if (!example) fail(`no example "${id}"; the examples are ${exampleGraphs.map((e) => e.id).join(', ')}`);
    return { ...example };
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
