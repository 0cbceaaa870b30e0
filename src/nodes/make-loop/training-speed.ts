import type { Tensor4D } from '@tensorflow/tfjs';
import { defaultParams } from '../../core';
import type { ParamSchemas, Tf } from '../../core';
import type { SpeedOptions } from '../../ui/make-loop/loop-kit';
import { GENERATOR_RECIPES } from '../generator/recipes';
import type { GeneratorRecipeName } from '../generator/recipes';
import { nextFrameGenerator } from '../next-frame-generator';
import { createLiveNetwork } from '../unet/live-network';
import { freshTrainer, stepOnBatch } from '../unet/unet-job';
import { disposeUNet } from '../unet/unet';

/** Steps timed after the warm-up: a few, so the dialog answers in seconds even at 256 px on a software GPU. */
const TIMED_STEPS = 3;

/**
 * Steps per second of the generator's training on this device, measured: the network the
 * options ask for (the recipe's variant at this size, the node's default Network and Batch
 * size) makes one warm-up step, whose shader compiling is not counted, then TIMED_STEPS real
 * optimiser steps on random frames, each read back (`stepOnBatch` awaits its losses).
 *
 * On a software GPU the first step of a new size compiles its shaders for a minute or more;
 * the run then reuses them, so that time is not lost.
 *
 * It times the optimiser steps only. A real run also rebuilds its feedback pairs each cycle
 * and runs the loop check at each checkpoint, and the loop keeps computing frames beside it,
 * so the step count a budget buys is an estimate; the progress view shows the run's own
 * steps/s and ETA from then on.
 */
export async function measureTrainingSpeed(tf: Tf, options: SpeedOptions, signal?: AbortSignal): Promise<number> {
  const params = {
    ...defaultParams(nextFrameGenerator.params as ParamSchemas),
    ...recipeValues(options.recipe),
    size: options.size,
    checkpoint: '',
  } as unknown as Parameters<typeof freshTrainer>[1] & Parameters<typeof createLiveNetwork>[1] & { batch: number };
  const live = createLiveNetwork(tf, params);
  const trainer = freshTrainer(tf, params, live.net);
  const side = live.net.config.size;
  const batch = (): { inputs: Tensor4D; targets: Tensor4D } => ({
    inputs: tf.randomUniform([params.batch, side, side, 3]) as Tensor4D,
    targets: tf.randomUniform([params.batch, side, side, 3]) as Tensor4D,
  });
  try {
    await stepOnBatch(tf, trainer, batch());
    const started = performance.now();
    for (let i = 0; i < TIMED_STEPS; i++) {
      // A choice changed meanwhile: the rest of these steps would only delay the next measurement.
      signal?.throwIfAborted();
      await stepOnBatch(tf, trainer, batch());
    }
    const seconds = (performance.now() - started) / 1000;
    return seconds > 0 ? TIMED_STEPS / seconds : 0;
  } finally {
    trainer.dispose();
    disposeUNet(live.net);
  }
}

/** The recipe's param values; an unknown name (a recipe removed since) trains with the node's defaults. */
function recipeValues(name: string): object {
  return Object.hasOwn(GENERATOR_RECIPES, name) ? GENERATOR_RECIPES[name as GeneratorRecipeName] : {};
}
