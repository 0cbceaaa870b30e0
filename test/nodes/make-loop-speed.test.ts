import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { measureTrainingSpeed } from '../../src/nodes/make-loop/training-speed';
import { DEFAULT_RECIPE } from '../../src/nodes/generator/recipes';

describe('measureTrainingSpeed', () => {
  it('times real training steps of the chosen network and leaves no tensor behind', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const stepsPerSecond = await measureTrainingSpeed(tf, { size: '32', recipe: DEFAULT_RECIPE });
    expect(stepsPerSecond).toBeGreaterThan(0);
    expect(Number.isFinite(stepsPerSecond)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
