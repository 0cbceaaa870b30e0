// Multi-scale networks far smaller than any preset, so that gradient and checkpoint tests run
// in seconds on tfjs's cpu backend: the code paths are the presets' (4 scales, conditioned
// discriminators with dense layers); only the widths differ.
import type { MultiScaleDiscriminatorConfig } from '../../../src/nodes/multiscale/discriminator';
import type { MultiScaleConfig } from '../../../src/nodes/multiscale/model';

export const MICRO_GENERATOR: MultiScaleConfig = {
  scales: Array.from({ length: 4 }, () => ({ channels: [3], kernels: [3, 3] })),
};

export const MICRO_DISCRIMINATOR: MultiScaleDiscriminatorConfig = {
  cropSize: 32,
  scales: Array.from({ length: 4 }, () => ({ channels: [2], kernels: [3], dense: [4] })),
};
