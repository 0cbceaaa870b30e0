/**
 * Style Transfer speed: stylizer inference ms/frame (the node's per-frame cost, at the frame's
 * own size) and train steps/s (StyleTrainer: stylizer + random-feature Gram, content and TV
 * losses, Adam), per preset and size, in node on the tfjs backend given (cpu by default: the
 * same code the browser runs, without a browser; the browser's webgl/webgpu figures on a real
 * GPU differ). Time-capped per case after one warm-up step/frame; a case whose warm-up alone
 * exceeds the cap is reported from that single run.
 *
 *   npm run bench -- --only style
 *   tsx bench/style-speed.ts [--backend cpu] [--seconds 3]     (this section alone)
 * Writes bench/results/style-speed.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import { StyleTrainer } from '../src/nodes/style/style-trainer';
import { createStylizer, disposeStylizer, stylizeFrame, stylizerConfig } from '../src/nodes/style/stylizer';
import type { StylizerPreset } from '../src/nodes/style/stylizer';
import { parameterCount } from '../src/core/training-kit/weights';

const args = new Map(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1] ?? '']] : [])));
const backend = args.get('backend') ?? 'cpu';
const seconds = Number(args.get('seconds') ?? 3);

const TRAIN_CASES: ReadonlyArray<{ preset: StylizerPreset; size: number; batch: number }> = [
  { preset: 'tiny', size: 32, batch: 2 }, { preset: 'tiny', size: 64, batch: 2 }, { preset: 'small', size: 64, batch: 2 },
];
const INFERENCE_CASES: ReadonlyArray<{ preset: StylizerPreset; size: number }> = [
  { preset: 'tiny', size: 64 }, { preset: 'tiny', size: 128 }, { preset: 'small', size: 128 }, { preset: 'standard', size: 128 },
];

const round = (x: number): number => Number(x.toPrecision(3));

/** Runs `once` after a warm-up until `seconds` have passed; ms per run. */
async function timed(once: () => Promise<void>): Promise<{ ms: number; runs: number; firstMs: number }> {
  const first = performance.now();
  await once();
  const firstMs = performance.now() - first;
  if (firstMs > seconds * 1000) return { ms: firstMs, runs: 1, firstMs };
  let runs = 0;
  const started = performance.now();
  do {
    await once();
    runs++;
  } while (performance.now() - started < seconds * 1000);
  return { ms: (performance.now() - started) / runs, runs, firstMs };
}

async function trainCase(preset: StylizerPreset, size: number, batch: number): Promise<object> {
  const style = tf.randomUniform([1, size, size, 3], 0, 1, 'float32', 1) as Tensor4D;
  const content = tf.randomUniform([batch, size, size, 3], 0, 1, 'float32', 2) as Tensor4D;
  const trainer = new StyleTrainer(tf, { config: stylizerConfig(preset), preset, style, styleId: '', size, seed: 1 });
  try {
    const { ms, runs, firstMs } = await timed(async () => { await trainer.step(content); });
    return { preset, size, batch, parameters: parameterCount(trainer.net.weights), stepsPerSecond: round(1000 / ms), steps: runs, firstStepMs: Math.round(firstMs) };
  } finally {
    trainer.dispose();
    tf.dispose([style, content]);
  }
}

async function inferenceCase(preset: StylizerPreset, size: number): Promise<object> {
  const net = createStylizer(tf, stylizerConfig(preset), 1);
  const frame = tf.randomUniform([size, size, 3], 0, 1, 'float32', 3) as Tensor3D;
  try {
    // Each frame is read back, as a loop's preview or encoder would eventually: the figure includes finishing the work.
    const { ms, runs, firstMs } = await timed(async () => {
      const out = tf.tidy(() => stylizeFrame(tf, net, frame));
      await out.data();
      out.dispose();
    });
    return { preset, size, parameters: parameterCount(net.weights), msPerFrame: round(ms), frames: runs, firstFrameMs: Math.round(firstMs) };
  } finally {
    disposeStylizer(net);
    frame.dispose();
  }
}

export async function runStyleBenchmark(log: (line: string) => void = (l) => console.error(l)): Promise<object> {
  await tf.setBackend(backend);
  await tf.ready();
  const started = performance.now();
  const inference: object[] = [];
  for (const { preset, size } of INFERENCE_CASES) {
    log(`style: ${preset} stylizer inference at ${size}px…`);
    inference.push(await inferenceCase(preset, size));
  }
  const training: object[] = [];
  for (const { preset, size, batch } of TRAIN_CASES) {
    log(`style: ${preset} training at ${size}px, batch ${batch}…`);
    training.push(await trainCase(preset, size, batch));
  }
  const report = {
    benchmark: 'style-speed',
    date: new Date().toISOString(),
    // The load average says how far other work on a shared machine slowed these figures.
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, tfBackend: tf.getBackend(), loadAverage1m: round(loadavg()[0]!) },
    secondsPerCase: seconds,
    seconds: Math.round((performance.now() - started) / 1000),
    notes: 'inference.msPerFrame: the Style Transfer node\'s stylizeFrame on one [size, size, 3] frame, read back each frame, after one warm-up frame. training.stepsPerSecond: StyleTrainer.step on `batch` random frames (forward, random-feature Gram/content/TV losses, backward with patch filter gradients, Adam), after one warm-up step. In node on tfBackend.',
    inference,
    training,
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/style-speed.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(JSON.stringify(await runStyleBenchmark(), null, 2));
