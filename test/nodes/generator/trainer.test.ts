import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointFromArtifacts, checkpointToArtifacts } from '../../../src/nodes/unet/checkpoint';
import type { Checkpoint } from '../../../src/nodes/unet/checkpoint';
import type { StepLosses } from '../../../src/nodes/unet/trainer-settings';
import { Trainer } from '../../../src/nodes/unet/trainer';
import type { TrainerOptions } from '../../../src/nodes/unet/trainer';
import { trainerSettings } from '../../../src/nodes/unet/trainer-settings';
import { sampleBatch } from '../../../src/nodes/generator/training-set';
import { fromModelRange, runUNet, toModelRange } from '../../../src/nodes/unet/unet';
import { translatingClip } from './synthetic-clip';

/** The smallest networks that still have every part: skips, norms, dropout, a 2-layer-deep PatchGAN. */
const micro: TrainerOptions = {
  generator: { size: 16, levels: 2, baseChannels: 4, maxChannels: 8, dropoutBlocks: 1 },
  discriminator: { layers: 1, baseChannels: 4, maxChannels: 8 },
  seed: 3,
};

const clip = translatingClip(tf, { size: 16, frames: 40 });
const trainingFrames = tf.slice(clip, [0, 0, 0, 0], [30, -1, -1, -1]) as tf.Tensor4D;
afterAll(() => tf.dispose([clip, trainingFrames]));

/** `steps` steps on batches drawn from the trainer's own random stream. */
async function train(trainer: Trainer, steps: number, batchSize = 2): Promise<StepLosses[]> {
  const losses: StepLosses[] = [];
  for (let i = 0; i < steps; i++) {
    const batch = sampleBatch(tf, { frames: trainingFrames }, batchSize, trainer.random);
    losses.push(await trainer.step(batch));
    tf.dispose([batch.inputs, batch.targets]);
  }
  return losses;
}

/** What a pause writes to storage and a resume reads back: JSON text and a copy of the bytes. */
function throughStorage(checkpoint: Checkpoint): Checkpoint {
  const artifacts = checkpointToArtifacts(checkpoint);
  const stored = JSON.parse(JSON.stringify({ ...artifacts, weightData: undefined })) as typeof artifacts;
  return checkpointFromArtifacts({ ...stored, weightData: checkpoint.weightData.slice(0) });
}

describe('pix2pix trainer', () => {
  it('learns a sliding pattern well enough to beat copying the last frame', async () => {
    const trainer = new Trainer(tf, {
      generator: { size: 16, levels: 3, baseChannels: 8, maxChannels: 32, dropoutBlocks: 1 },
      discriminator: { layers: 2, baseChannels: 8, maxChannels: 32 },
      seed: 7,
      learningRate: 2e-3,
    });
    await train(trainer, 80);
    const [model, copyLast] = tf.tidy(() => {
      const inputs = tf.slice(clip, [30, 0, 0, 0], [9, -1, -1, -1]) as tf.Tensor4D;
      const targets = tf.slice(clip, [31, 0, 0, 0], [9, -1, -1, -1]);
      const predictions = fromModelRange(tf, runUNet(tf, trainer.generator, toModelRange(tf, inputs)));
      return [tf.mean(tf.abs(tf.sub(predictions, targets))).dataSync()[0]!, tf.mean(tf.abs(tf.sub(inputs, targets))).dataSync()[0]!];
    });
    trainer.dispose();
    expect(model).toBeLessThan(0.75 * copyLast);
  });

  it('resumes from an exported state on exactly the loss trajectory of an uninterrupted run', async () => {
    const uninterrupted = new Trainer(tf, micro);
    const expected = await train(uninterrupted, 8);

    // Paused after step 5: there Adam's running β2 product and the pow(β2, t + 1) that
    // tfjs's setWeights recomputes differ in the last bit, so a bare setWeights would drift.
    const first = new Trainer(tf, micro);
    const before = await train(first, 5);
    const saved = throughStorage(await first.exportState());
    first.dispose();
    const resumed = await Trainer.resume(tf, saved);
    expect(resumed.stepCount).toBe(5);
    const after = await train(resumed, 3);

    expect([...before, ...after]).toEqual(expected);
    for (const [name, weight] of Object.entries(uninterrupted.generator.weights)) {
      expect(resumed.generator.weights[name]!.dataSync(), name).toEqual(weight.dataSync());
    }
    uninterrupted.dispose();
    resumed.dispose();
  });

  it('exports a trainer that has not stepped yet and resumes it', async () => {
    const fresh = new Trainer(tf, micro);
    const resumed = await Trainer.resume(tf, throughStorage(await fresh.exportState()));
    expect(await train(resumed, 2)).toEqual(await train(fresh, 2));
    fresh.dispose();
    resumed.dispose();
  });

  it('refuses to resume from a checkpoint without trainer state', async () => {
    const trainer = new Trainer(tf, micro);
    const { manifest, weightData } = await trainer.exportState();
    trainer.dispose();
    await expect(Trainer.resume(tf, { manifest: { ...manifest, training: undefined }, weightData })).rejects.toThrow(/only a generator/);
  });

  it('trains on L2 with the adversarial term weighted, and reports the distance it was set to', async () => {
    const trainer = new Trainer(tf, { ...micro, frameDistance: 'L2', adversarialWeight: 0.01 });
    const [first] = await train(trainer, 1);
    expect(first!.frame).toBeGreaterThan(0);
    expect(trainer.settings).toMatchObject({ frameDistance: 'L2', frameWeight: 100, adversarialWeight: 0.01 });
    const resumed = await Trainer.resume(tf, throughStorage(await trainer.exportState()));
    expect(resumed.settings).toEqual(trainer.settings);
    expect(await train(resumed, 2)).toEqual(await train(trainer, 2));
    trainer.dispose();
    resumed.dispose();
  });

  it('with adversarial weight 0, leaves the discriminator out: the same generator steps whatever it is, and resumes exactly', async () => {
    // Two discriminators of different sizes: if D reached G's gradient, the generators would part.
    const small = new Trainer(tf, { ...micro, adversarialWeight: 0 });
    const large = new Trainer(tf, { ...micro, adversarialWeight: 0, discriminator: { layers: 2, baseChannels: 8, maxChannels: 16 } });
    const losses = await train(small, 3);
    expect(await train(large, 3)).toEqual(losses);
    expect(Object.keys(losses[0]!)).toEqual(['frame']);
    // Nor on the discriminator sitting out: the adversarial path at a weight of 1e-30 takes the same steps.
    const withAdversary = new Trainer(tf, { ...micro, adversarialWeight: 1e-30 });
    expect((await train(withAdversary, 3)).map((l) => l.frame)).toEqual(losses.map((l) => l.frame));
    const resumed = await Trainer.resume(tf, throughStorage(await small.exportState()));
    expect(await train(resumed, 2)).toEqual(await train(small, 2));
    for (const trainer of [small, large, withAdversary, resumed]) trainer.dispose();
  });

  it('reads the frame weight of checkpoints from before L2 (l1Weight) and refuses settings it cannot use', () => {
    expect(trainerSettings({ l1Weight: 50 } as Parameters<typeof trainerSettings>[0])).toMatchObject({ frameDistance: 'L1', frameWeight: 50 });
    expect(trainerSettings({ l1Weight: 50, frameWeight: 70 } as Parameters<typeof trainerSettings>[0]).frameWeight).toBe(70);
    expect('l1Weight' in trainerSettings({ l1Weight: 50 } as Parameters<typeof trainerSettings>[0])).toBe(false);
    expect(() => trainerSettings({ frameDistance: 'L3' as 'L1' })).toThrow('The frame distance must be L1 or L2 or PSNR, got L3');
    expect(() => trainerSettings({ adversarialWeight: -1 })).toThrow('The adversarial weight must be ≥ 0, got -1');
  });

  it('keeps the tensor count flat over 200 steps', async () => {
    const trainer = new Trainer(tf, micro);
    // The first step creates Adam's moment variables.
    await train(trainer, 1, 1);
    const before = tf.memory().numTensors;
    await train(trainer, 200, 1);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });

  it('keeps the tensor count flat with the discriminator sitting out', async () => {
    const trainer = new Trainer(tf, { ...micro, frameDistance: 'L2', adversarialWeight: 0 });
    await train(trainer, 1, 1);
    const before = tf.memory().numTensors;
    await train(trainer, 50, 1);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });

  it('disposes every tensor it made', async () => {
    const before = tf.memory().numTensors;
    const trainer = new Trainer(tf, micro);
    await train(trainer, 2);
    const resumed = await Trainer.resume(tf, await trainer.exportState());
    trainer.dispose();
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
