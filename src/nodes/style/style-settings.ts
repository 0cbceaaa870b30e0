import type { FilterGradient } from '../../core/training-kit';

/** A style training run's hyperparameters: what a resumed run must reuse besides the network's shape. */
export interface StyleTrainerSettings {
  /** Seeds the stylizer's initial weights and the stream of batch picks. */
  readonly seed: number;
  /** Seeds the fixed random feature filters the losses read; a resumed run must see the same ones. */
  readonly featureSeed: number;
  readonly learningRate: number;
  /** Weight of the texture (Gram) distance to the style image. */
  readonly styleWeight: number;
  /** Weight of the coarse-feature distance to the content frame. */
  readonly contentWeight: number;
  /** Weight of the total variation. */
  readonly tvWeight: number;
  readonly filterGradient: FilterGradient;
}

export const DEFAULT_STYLE_SETTINGS: StyleTrainerSettings = {
  seed: 0,
  featureSeed: 1234,
  // Johnson et al. train with 1e-3; this small net at small sizes takes a larger step well.
  learningRate: 4e-3,
  styleWeight: 1,
  contentWeight: 0.5,
  tvWeight: 2,
  filterGradient: 'patches',
};

/** `partial` over the defaults. @throws RangeError on a value training cannot use. */
export function styleTrainerSettings(partial: Partial<StyleTrainerSettings> = {}): StyleTrainerSettings {
  const settings = { ...DEFAULT_STYLE_SETTINGS, ...partial };
  const { seed, featureSeed, learningRate, styleWeight, contentWeight, tvWeight } = settings;
  if (!Number.isInteger(seed) || !Number.isInteger(featureSeed)) throw new RangeError(`Style training seeds must be integers, got ${seed} and ${featureSeed}`);
  if (!(learningRate > 0)) throw new RangeError(`The learning rate must be > 0, got ${learningRate}`);
  for (const [name, value] of [['style', styleWeight], ['content', contentWeight], ['total variation', tvWeight]] as const) {
    if (!(value >= 0)) throw new RangeError(`The ${name} weight must be ≥ 0, got ${value}`);
  }
  if (styleWeight === 0) throw new RangeError('The style weight must be above 0: with none, there is no style to learn');
  return settings;
}

/** One style training step's losses, as numbers (each before its weight). */
export interface StyleLosses {
  readonly style: number;
  readonly content: number;
  readonly tv: number;
}
