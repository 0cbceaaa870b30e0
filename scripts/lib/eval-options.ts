// The eval command's arguments and the checks that need no browser: a bad flag, a missing or
// unreadable clip or an unwritable --out fails in milliseconds, before anything is built.
import { closeSync, constants, accessSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { isBackendName, SEED_MAX } from '../../src/core';
import type { BackendName } from '../../src/core';
import { GENERATOR_OUTPUTS, GENERATOR_PRESETS, GENERATOR_UPSAMPLINGS } from '../../src/nodes/generator/unet';
import { nextFrameGenerator } from '../../src/nodes/next-frame-generator';
import type { GeneratorOutput, GeneratorPreset, GeneratorUpsampling } from '../../src/nodes/generator/unet';
import { FRAME_DISTANCES } from '../../src/nodes/generator/losses';
import type { FrameDistance } from '../../src/nodes/generator/losses';
import { ARCH_CHOICES } from '../../src/eval/multiscale-types';
import type { ArchChoice } from '../../src/eval/multiscale-types';
import type { BestBy, EvalRequest } from '../../src/eval/eval-types';

const BEST_BY: readonly BestBy[] = ['loss', 'loop'];

const node = nextFrameGenerator.params;

/** What an option left out means; the loss and drifted-pair settings are the node's own defaults. */
export const EVAL_DEFAULTS = {
  size: 64, steps: 300, frames: 300, seed: 1, preset: 'tiny', batch: 4, cycles: 4,
  driftDepth: node.driftDepth.default, driftStarts: node.driftStarts.default, longDrifts: node.longDrifts.default, longDriftDepth: node.longDriftDepth.default,
  predicts: 'frame', upsample: node.upsample.default, frameLoss: node.frameLoss.default, frameWeight: node.frameWeight.default, adversarialWeight: node.adversarialWeight.default,
  restorerPredicts: 'change', swapEvery: 50, onlineSteps: 20, arch: 'pix2pix', heldOut: 0, heldOutEvery: 100, bestBy: 'loss',
} as const;

export const USAGE = `Usage: npm run eval -- --clip <video file> [options]

Trains the Next-Frame Generator twice on the first 80 % of a clip, without and with feedback
pairs (same seed, same steps), in headless Chromium, and prints a JSON report on stdout:
one-step PSNR/SSIM on the held-out last 20 % next to copying the last frame, and a feedback
rollout from the first held-out frame measured every 50 frames. Progress goes to stderr.

  --clip FILE       the video (any container and codec this Chromium's WebCodecs decodes)
  --size N          model frame size: 32, 64, 128 or 256 (default ${EVAL_DEFAULTS.size})
  --steps N         train steps for each model (default ${EVAL_DEFAULTS.steps})
  --frames N        rollout length (default ${EVAL_DEFAULTS.frames})
  --seed S          seed of both trainings (default ${EVAL_DEFAULTS.seed})
  --backend NAME    tfjs backend: webgpu, webgl or cpu (default: the best that starts)
  --preset NAME     network: tiny, small or standard (default ${EVAL_DEFAULTS.preset})
  --batch N         pairs per train step (default ${EVAL_DEFAULTS.batch})
  --predicts WHAT   what the generators output: frame (pix2pix), change (residual: the
                    network starts as copy-last) or motion (a displacement field that moves
                    the last frame's pixels, plus a change) (default ${EVAL_DEFAULTS.predicts})
  --upsample HOW    how the generators' decoders upsample: transposed (pix2pix's transposed
                    convolutions) or resize (nearest ×2 then a 3×3 convolution: no 2-pixel
                    grid in the loop) (default ${EVAL_DEFAULTS.upsample})
  --full-res-skip   give the generators a full-resolution skip: a 3×3 convolution of the input
                    joins the output layer (pix2pix's finest skip is at half resolution)
  --no-jitter       train without pix2pix's zoom jitter (its bilinear zoom blurs away
                    single-pixel detail)
  --frame-loss L1|L2
                    the generators' frame loss: L1 (pix2pix) or L2 (default ${EVAL_DEFAULTS.frameLoss})
  --frame-weight W  λ on the frame loss (default ${EVAL_DEFAULTS.frameWeight})
  --adv-weight W    weight on the adversarial loss, 0 for none (default ${EVAL_DEFAULTS.adversarialWeight})
  --cycles N        feedback cycles of the feedback-pair model (default ${EVAL_DEFAULTS.cycles})
  --drift-depth R   its drifted pairs: G applied 1…R times (default ${EVAL_DEFAULTS.driftDepth}),
  --drift-starts N  from N real frames per cycle (default ${EVAL_DEFAULTS.driftStarts}),
  --long-drifts N   plus N long drifts (default ${EVAL_DEFAULTS.longDrifts})
  --long-drift-depth N
                    of N applications (default ${EVAL_DEFAULTS.longDriftDepth})
  --held-out P      each model holds out the last P % of its training frames (the node's
                    "Held-out frames"; still before the scored last 20 %) and reports its
                    loss there every --held-out-every steps (default ${EVAL_DEFAULTS.heldOut}: none)
  --held-out-every N
                    steps between those held-out losses (default ${EVAL_DEFAULTS.heldOutEvery})
  --keep-best       score and roll out the weights where the held-out figure --best-by names
                    was lowest, not the last ones (early stopping; needs --held-out)
  --best-by WHAT    loss (the held-out one-step loss) or loop (the held-out loop check: how
                    near the clip's detail and motion a 100-frame loop from a held-out frame
                    ends) (default ${EVAL_DEFAULTS.bestBy})
  --dropout-in-loop keep the generators' dropout on in their loops, as pix2pix and Henry's
                    loop do (the node's "Dropout in the loop"): drifted pairs, the loop check
                    and the rollouts draw seeded masks, new each frame; one-step scores keep
                    it off
  --restoration     also train a Restoration node against each generator (same steps) and
                    report the loop G → restoration next to G alone
  --restorer-predicts WHAT
                    what the restorers output: change (a correction to their input; the
                    node's default) or frame (default ${EVAL_DEFAULTS.restorerPredicts})
  --online          also roll each generator out again while its training goes on, as online
                    learning does in the loop, swapping in new weights between two frames
  --swap-every N    online: frames between weight swaps (default ${EVAL_DEFAULTS.swapEvery})
  --online-steps N  online: train steps between weight swaps (default ${EVAL_DEFAULTS.onlineSteps})
  --arch WHICH      pix2pix (this evaluation), multiscale (the Multi-Scale Generator) or both:
                    the latter two train each architecture once (same clip, seed, steps,
                    batch, preset name) and report one-step PSNR/SSIM, sharpness (gradient
                    difference to the true frame) and a rollout side by side (default ${EVAL_DEFAULTS.arch})
  --jobs 1|2        train the two models one after the other (1) or side by side in two
                    pages (2); default: 2 on the cpu backend with 2+ cores, else 1
  --out FILE        also write the JSON report to FILE
  --dist DIR        serve this existing build as it is (default: dist/, built when stale)
  --help            show this text`;

export const EVAL_SIZES = [32, 64, 128, 256] as const;
const LIMITS = {
  steps: [1, 1_000_000], frames: [1, 100_000], seed: [0, SEED_MAX], batch: [1, 64], cycles: [1, 100], 'drift-depth': [1, 100], 'drift-starts': [0, 1000], 'long-drifts': [0, 20], 'long-drift-depth': [2, 500], jobs: [1, 2], 'swap-every': [1, 100_000], 'online-steps': [1, 100_000], 'held-out': [0, 50], 'held-out-every': [1, 1_000_000],
} as const;

/** The evaluation request's settings (the page's own type), plus what only the command decides. */
export type EvalOptions = Omit<EvalRequest, 'clipUrl' | 'clipName'> & {
  readonly clip: string;
  readonly backend: BackendName | undefined;
  /** Which generator architectures to evaluate. */
  readonly arch: ArchChoice;
  /** Pages the two models train in; undefined: decided once the backend is known. */
  readonly jobs: 1 | 2 | undefined;
  readonly out: string | undefined;
  readonly dist: string | undefined;
};

export type ParsedEvalArgs = { readonly ok: true; readonly options: EvalOptions } | { readonly ok: false; readonly error: string } | { readonly ok: 'help' };

const FLAGS = ['clip', 'size', 'steps', 'frames', 'seed', 'backend', 'preset', 'batch', 'cycles', 'jobs', 'out', 'dist', 'swap-every', 'online-steps', 'predicts', 'upsample', 'restorer-predicts', 'arch', 'frame-loss', 'frame-weight', 'adv-weight', 'drift-depth', 'drift-starts', 'long-drifts', 'long-drift-depth', 'held-out', 'held-out-every', 'best-by'] as const;
type Flag = (typeof FLAGS)[number];
/** Flags that take no value. */
const SWITCHES = ['restoration', 'online', 'full-res-skip', 'no-jitter', 'keep-best', 'dropout-in-loop'] as const;
type Switch = (typeof SWITCHES)[number];

/** "a or b", "a, b or c": the choices an error message names. */
function oneOf(choices: readonly string[]): string {
  return choices.length < 2 ? choices.join('') : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)!}`;
}

/** Parses the eval command's arguments (`--name value` or `--name=value`). */
export function parseEvalArgs(argv: readonly string[], cwd = process.cwd()): ParsedEvalArgs {
  const flags = new Map<Flag, string>();
  const switches = new Set<Switch>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { ok: 'help' };
    if (!arg.startsWith('--')) return { ok: false, error: `unexpected argument "${arg}" (name the clip with --clip)` };
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if ((SWITCHES as readonly string[]).includes(name)) {
      if (inline !== undefined) return { ok: false, error: `--${name} takes no value` };
      switches.add(name as Switch);
      continue;
    }
    if (!(FLAGS as readonly string[]).includes(name)) return { ok: false, error: `unknown option --${name}` };
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) return { ok: false, error: `--${name} needs a value` };
    if (flags.has(name as Flag)) return { ok: false, error: `--${name} is given twice` };
    flags.set(name as Flag, value);
  }
  const clip = flags.get('clip');
  if (clip === undefined || clip === '') return { ok: false, error: '--clip <video file> is required' };

  const numbers: Partial<Record<keyof typeof LIMITS, number>> = {};
  for (const [name, [min, max]] of Object.entries(LIMITS) as Array<[keyof typeof LIMITS, readonly [number, number]]>) {
    const text = flags.get(name);
    if (text === undefined) continue;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) return { ok: false, error: `--${name} must be a whole number from ${min} to ${max}, got "${text}"` };
    numbers[name] = value;
  }

  const sizeText = flags.get('size') ?? String(EVAL_DEFAULTS.size);
  const size = Number(sizeText);
  if (!/^\d+$/.test(sizeText) || !(EVAL_SIZES as readonly number[]).includes(size)) return { ok: false, error: `--size must be one of ${EVAL_SIZES.join(', ')}, got "${sizeText}"` };

  const backend = flags.get('backend');
  if (backend !== undefined && !isBackendName(backend)) return { ok: false, error: `--backend must be webgpu, webgl or cpu, got "${backend}"` };

  const preset = flags.get('preset') ?? EVAL_DEFAULTS.preset;
  if (!(GENERATOR_PRESETS as readonly string[]).includes(preset)) return { ok: false, error: `--preset must be ${GENERATOR_PRESETS.join(', ')}, got "${preset}"` };

  const predicts = flags.get('predicts') ?? EVAL_DEFAULTS.predicts;
  if (!(GENERATOR_OUTPUTS as readonly string[]).includes(predicts)) return { ok: false, error: `--predicts must be ${oneOf(GENERATOR_OUTPUTS)}, got "${predicts}"` };
  const upsample = flags.get('upsample') ?? EVAL_DEFAULTS.upsample;
  if (!(GENERATOR_UPSAMPLINGS as readonly string[]).includes(upsample)) return { ok: false, error: `--upsample must be ${oneOf(GENERATOR_UPSAMPLINGS)}, got "${upsample}"` };
  const restorerPredicts = flags.get('restorer-predicts') ?? EVAL_DEFAULTS.restorerPredicts;
  if (!(GENERATOR_OUTPUTS as readonly string[]).includes(restorerPredicts)) return { ok: false, error: `--restorer-predicts must be ${oneOf(GENERATOR_OUTPUTS)}, got "${restorerPredicts}"` };

  const frameLoss = (flags.get('frame-loss') ?? EVAL_DEFAULTS.frameLoss).toUpperCase();
  if (!(FRAME_DISTANCES as readonly string[]).includes(frameLoss)) return { ok: false, error: `--frame-loss must be ${oneOf(FRAME_DISTANCES)}, got "${flags.get('frame-loss')}"` };
  const weights: Record<'frame-weight' | 'adv-weight', number> = { 'frame-weight': EVAL_DEFAULTS.frameWeight, 'adv-weight': EVAL_DEFAULTS.adversarialWeight };
  for (const name of ['frame-weight', 'adv-weight'] as const) {
    const text = flags.get(name);
    if (text === undefined) continue;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value < 0) return { ok: false, error: `--${name} must be a number ≥ 0, got "${text}"` };
    weights[name] = value;
  }

  const arch = flags.get('arch') ?? EVAL_DEFAULTS.arch;
  if (!(ARCH_CHOICES as readonly string[]).includes(arch)) return { ok: false, error: `--arch must be ${ARCH_CHOICES.join(', ')}, got "${arch}"` };
  if (arch !== 'pix2pix' && (switches.has('restoration') || switches.has('online'))) return { ok: false, error: `--restoration and --online evaluate pix2pix loops; leave them out with --arch ${arch}` };

  const heldOut = numbers['held-out'] ?? EVAL_DEFAULTS.heldOut;
  if (arch !== 'pix2pix' && (heldOut > 0 || switches.has('keep-best'))) return { ok: false, error: `--held-out and --keep-best evaluate pix2pix generators; leave them out with --arch ${arch}` };
  if (switches.has('keep-best') && heldOut === 0) return { ok: false, error: '--keep-best picks weights by their held-out loss: give --held-out P (e.g. 10) too' };
  // Online learning goes on training from the job's last weights, which --keep-best would have replaced.
  if (switches.has('keep-best') && switches.has('online')) return { ok: false, error: '--keep-best and --online cannot go together: online learning continues from the last weights, not the kept ones' };

  const bestBy = flags.get('best-by') ?? EVAL_DEFAULTS.bestBy;
  if (!(BEST_BY as readonly string[]).includes(bestBy)) return { ok: false, error: `--best-by must be ${oneOf(BEST_BY)}, got "${bestBy}"` };
  if (flags.has('best-by') && !switches.has('keep-best')) return { ok: false, error: '--best-by says what --keep-best keeps: add --keep-best' };

  // The multi-scale generator has no dropout.
  if (arch !== 'pix2pix' && switches.has('dropout-in-loop')) return { ok: false, error: `--dropout-in-loop runs pix2pix generators' dropout in their loops; leave it out with --arch ${arch}` };

  const out = flags.get('out');
  const dist = flags.get('dist');
  return {
    ok: true,
    options: {
      clip: path.resolve(cwd, clip),
      size,
      steps: numbers.steps ?? EVAL_DEFAULTS.steps,
      frames: numbers.frames ?? EVAL_DEFAULTS.frames,
      seed: numbers.seed ?? EVAL_DEFAULTS.seed,
      backend,
      preset: preset as GeneratorPreset,
      batch: numbers.batch ?? EVAL_DEFAULTS.batch,
      cycles: numbers.cycles ?? EVAL_DEFAULTS.cycles,
      driftDepth: numbers['drift-depth'] ?? EVAL_DEFAULTS.driftDepth,
      driftStarts: numbers['drift-starts'] ?? EVAL_DEFAULTS.driftStarts,
      longDrifts: numbers['long-drifts'] ?? EVAL_DEFAULTS.longDrifts,
      longDriftDepth: numbers['long-drift-depth'] ?? EVAL_DEFAULTS.longDriftDepth,
      predicts: predicts as GeneratorOutput,
      upsample: upsample as GeneratorUpsampling,
      fullResSkip: switches.has('full-res-skip'),
      jitter: !switches.has('no-jitter'),
      frameLoss: frameLoss as FrameDistance,
      frameWeight: weights['frame-weight'],
      adversarialWeight: weights['adv-weight'],
      restorerPredicts: restorerPredicts as GeneratorOutput,
      restoration: switches.has('restoration'),
      online: switches.has('online'),
      swapEvery: numbers['swap-every'] ?? EVAL_DEFAULTS.swapEvery,
      onlineSteps: numbers['online-steps'] ?? EVAL_DEFAULTS.onlineSteps,
      heldOut,
      heldOutEvery: numbers['held-out-every'] ?? EVAL_DEFAULTS.heldOutEvery,
      keepBest: switches.has('keep-best'),
      bestBy: bestBy as BestBy,
      dropoutInLoop: switches.has('dropout-in-loop'),
      arch: arch as ArchChoice,
      jobs: numbers.jobs as 1 | 2 | undefined,
      out: out === undefined ? undefined : path.resolve(cwd, out),
      dist: dist === undefined ? undefined : path.resolve(cwd, dist),
    },
  };
}

/** Why `file` cannot be used as the clip, or null when it can be read. */
export function clipProblem(file: string): string | null {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return `cannot read the clip ${file}: no such file`;
  }
  if (stat.isDirectory()) return `cannot read the clip ${file}: it is a folder`;
  if (stat.size === 0) return `cannot read the clip ${file}: the file is empty`;
  try {
    // Reading a byte is the honest test: permissions, ACLs, a file that vanishes.
    const fd = openSync(file, 'r');
    try {
      readSync(fd, Buffer.alloc(1), 0, 1, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return `cannot read the clip ${file}: ${(error as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : String(error)}`;
  }
  return null;
}

/** Why `file` cannot be written, or null when it can (nothing is created). */
export function outProblem(file: string): string | null {
  const dir = path.dirname(file);
  try {
    if (!statSync(dir).isDirectory()) return `cannot write ${file}: ${dir} is not a folder`;
  } catch {
    return `cannot write ${file}: the folder ${dir} does not exist`;
  }
  try {
    if (statSync(file).isDirectory()) return `cannot write ${file}: it is a folder`;
  } catch {
    // Not there yet: the folder decides.
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return `cannot write ${file}: the folder ${dir} is not writable`;
  }
  return null;
}
