/**
 * What the architecture comparison (`npm run eval -- --arch multiscale|both`) takes and returns:
 * the pix2pix Next-Frame Generator and the Multi-Scale Generator trained on the same clip, with
 * the same seed, step budget, batch and network preset name, scored on the same held-out frames.
 */
import type { RolloutPoint } from './eval-types';

export type Architecture = 'pix2pix' | 'multiscale';

/** `--arch`: pix2pix alone is the original evaluation (plain and feedback-pair models); the others run the comparison. */
export const ARCH_CHOICES = ['pix2pix', 'multiscale', 'both'] as const;
export type ArchChoice = (typeof ARCH_CHOICES)[number];

/** The architectures `choice` trains, in report order. */
export function architecturesOf(choice: ArchChoice): Architecture[] {
  return choice === 'both' ? ['pix2pix', 'multiscale'] : [choice];
}

/** One-step scores on the held-out frames n → n + 1, n ≥ 3 (the multi-scale model needs 4 frames of history). */
export interface ArchitectureOneStep {
  readonly psnr: number;
  readonly ssim: number;
  /**
   * The paper's sharpness (Mathieu et al. eq. 8), dB: 10 log10(255² / mean |(∇x Y + ∇y Y) − (∇x Ŷ + ∇y Ŷ)|),
   * ∇ being absolute neighbour differences. Higher: edges as strong as the true frame's.
   */
  readonly sharpness: number;
  /** The mean gradient difference inside that logarithm, in grey levels. */
  readonly gradientDifference: number;
  /** Gradient energy of the predictions / the true frames': below 1 is blurrier than the truth. */
  readonly gradientEnergyRatio: number | null;
}

export interface ArchitectureReport {
  readonly network: { readonly preset: string; readonly parameters: number };
  readonly training: { readonly seconds: number; readonly stepsPerSecond: number; readonly finalLosses: Readonly<Record<string, number>> };
  readonly oneStep: ArchitectureOneStep & { readonly psnrGainOverCopyLast: number };
  readonly rollout: { readonly startFrame: number; readonly points: readonly RolloutPoint[]; readonly framesWithNaN: number; readonly seconds: number };
}

export interface ArchitectureComparison {
  /** Copying frame n as the prediction of n + 1, on the same pairs. */
  readonly copyLastFrame: ArchitectureOneStep;
  readonly scoredPairs: number;
  readonly architectures: Partial<Record<Architecture, ArchitectureReport>>;
  /** With both: which one scores better on each measure (ties go to pix2pix). */
  readonly better?: { readonly psnr: Architecture; readonly ssim: Architecture; readonly sharpness: Architecture };
}

/** The page's handle for the comparison, next to `window.__eval` (which prepares the clip). */
export interface ArchitectureEvalHandle {
  compare(architectures: readonly Architecture[]): Promise<ArchitectureComparison>;
}

declare global {
  interface Window {
    __evalArchitectures?: ArchitectureEvalHandle;
  }
}
