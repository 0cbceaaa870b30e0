// The eval command's arguments and the checks that need no browser: a bad flag, a missing or
// unreadable clip or an unwritable --out fails in milliseconds, before anything is built.
import { closeSync, constants, accessSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { isBackendName, SEED_MAX } from '../../src/core';
import type { BackendName } from '../../src/core';
import { nextFrameGenerator } from '../../src/nodes/next-frame-generator';
import { restoration } from '../../src/nodes/restoration';
import { ARCH_CHOICES } from '../../tools/eval/multiscale-types';
import type { ArchChoice } from '../../tools/eval/multiscale-types';
import { COLOUR_MATCH_CHOICES } from '../../tools/eval/eval-types';
import type { BestBy, ColourMatchChoice, EvalRequest, LoopFeatures } from '../../tools/eval/eval-types';
import { EVAL_RECIPES } from '../../tools/eval/eval-recipes';
import { EVAL_DEFAULTS, EVAL_LIMITS } from './eval-defaults';
import { EVAL_MODELS } from './eval-run';
import type { EvalModels } from './eval-run';
import { oneOf } from './eval-usage';

export { EVAL_DEFAULTS } from './eval-defaults';
export { USAGE, oneOf } from './eval-usage';

const BEST_BY: readonly BestBy[] = ['loss', 'loop'];

/** The evaluation request's settings (the page's own type), plus what only the command decides. */
export type EvalOptions = Omit<EvalRequest, 'clipUrl' | 'clipName'> & {
  readonly clip: string;
  readonly backend: BackendName | undefined;
  /** Which generator architectures to evaluate. */
  readonly arch: ArchChoice;
  /** The recipe (`--recipe`, by slug) the generator settings start from; flags override it. */
  readonly recipe: string;
  /** Both models, or the feedback-pair one alone. */
  readonly models: EvalModels;
  /** Where each rollout is written as a WebM (`--video DIR`); undefined: nowhere. */
  readonly videoDir: string | undefined;
  /**
   * Trainings side by side: in one run, the two models' pages (1 or 2); in a sweep, cells at
   * once. Undefined: decided once the backend is known.
   */
  readonly jobs: number | undefined;
  readonly out: string | undefined;
  readonly dist: string | undefined;
};

export type ParsedEvalArgs = { readonly ok: true; readonly options: EvalOptions } | { readonly ok: false; readonly error: string } | { readonly ok: 'help' };

const generator = nextFrameGenerator.params;

/**
 * Whole-number flags that set one of the Next-Frame Generator's params: their ranges are the
 * node's own (the eval's own flags have theirs in EVAL_LIMITS).
 */
const NODE_WHOLE_NUMBERS = {
  steps: generator.steps, batch: generator.batch, cycles: generator.cycles, 'drift-depth': generator.driftDepth, 'drift-starts': generator.driftStarts,
  'long-drifts': generator.longDrifts, 'long-drift-depth': generator.longDriftDepth, 'held-out': generator.heldOut,
} as const;
type WholeFlag = keyof typeof NODE_WHOLE_NUMBERS | keyof typeof EVAL_LIMITS | 'seed';
/** Every whole-number flag's [min, max]: the node's params', the seed's, then the eval's own. */
const WHOLE_NUMBERS: ReadonlyArray<readonly [WholeFlag, number, number]> = [
  ...Object.entries(NODE_WHOLE_NUMBERS).map(([name, schema]) => [name as WholeFlag, schema.min ?? 0, schema.max ?? Number.MAX_SAFE_INTEGER] as const),
  ['seed', 0, SEED_MAX],
  ...Object.entries(EVAL_LIMITS).map(([name, [min, max]]) => [name as WholeFlag, min, max] as const),
];

/** The eval command's options that take a value. */
const FLAGS = [
  'clip', 'size', 'steps', 'frames', 'seed', 'backend', 'preset', 'batch', 'cycles', 'jobs', 'out', 'dist', 'swap-every', 'online-steps', 'predicts', 'upsample',
  'restorer-predicts', 'arch', 'frame-loss', 'frame-weight', 'adv-weight', 'drift-depth', 'drift-starts', 'long-drifts', 'long-drift-depth', 'held-out',
  'held-out-every', 'best-by', 'stats-weight', 'recipe', 'models', 'colour-coherence', 'colour-match', 'loop-noise', 'loop-variants', 'video',
] as const;
type Flag = (typeof FLAGS)[number];
/** Flags that take no value; each recipe switch comes with its opposite, since a recipe may set either. */
const SWITCHES = [
  'restoration', 'online', 'full-res-skip', 'no-full-res-skip', 'jitter', 'no-jitter', 'keep-best', 'keep-last', 'dropout-in-loop', 'no-dropout-in-loop',
] as const;
type Switch = (typeof SWITCHES)[number];
const OPPOSITES: ReadonlyArray<readonly [Switch, Switch]> = [['full-res-skip', 'no-full-res-skip'], ['jitter', 'no-jitter'], ['keep-best', 'keep-last'], ['dropout-in-loop', 'no-dropout-in-loop']];

/** parseArgs' option table: every flag a string, every switch a boolean, and --help / -h. */
const PARSE_OPTIONS: ParseArgsConfig['options'] = Object.fromEntries([
  ...FLAGS.map((name) => [name, { type: 'string' }] as const),
  ...SWITCHES.map((name) => [name, { type: 'boolean' }] as const),
  ['help', { type: 'boolean', short: 'h' }] as const,
]);

type Failure = { readonly ok: false; readonly error: string };
const failure = (error: string): Failure => ({ ok: false, error });

/** A switch pair's answer: on, off, or the recipe's `fallback` when neither is given. */
function toggle(switches: ReadonlySet<Switch>, on: Switch, off: Switch, fallback: boolean): boolean {
  return switches.has(on) ? true : switches.has(off) ? false : fallback;
}

/**
 * `--name value` or `--name=value` pairs and bare switches (node:util parseArgs' tokens), or what
 * is wrong with them. Not strict: a value may start with one dash (`--frames -3` is a bad number,
 * not a missing one), and each problem gets the command's own message, first in argv order.
 */
function readArgv(argv: readonly string[]): { flags: Map<Flag, string>; switches: Set<Switch> } | Failure | 'help' {
  const { tokens } = parseArgs({ args: [...argv], options: PARSE_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const flags = new Map<Flag, string>();
  const switches = new Set<Switch>();
  for (const token of tokens) {
    if (token.kind === 'positional') return failure(`unexpected argument "${token.value}" (name the clip with --clip)`);
    if (token.kind === 'option-terminator') return failure('unknown option --');
    if (token.name === 'help') return 'help';
    if (!token.rawName.startsWith('--')) return failure(`unexpected argument "${token.rawName}" (name the clip with --clip)`);
    const { name, value } = token;
    if ((SWITCHES as readonly string[]).includes(name)) {
      if (token.inlineValue) return failure(`--${name} takes no value`);
      switches.add(name as Switch);
      continue;
    }
    if (!(FLAGS as readonly string[]).includes(name)) return failure(`unknown option --${name}`);
    if (value === undefined || (!token.inlineValue && value.startsWith('--'))) return failure(`--${name} needs a value`);
    if (flags.has(name as Flag)) return failure(`--${name} is given twice`);
    flags.set(name as Flag, value);
  }
  for (const [on, off] of OPPOSITES) if (switches.has(on) && switches.has(off)) return failure(`--${on} and --${off} contradict each other`);
  return { flags, switches };
}

/** A number option in [min, max], its default when absent. */
function readNumber(flags: ReadonlyMap<Flag, string>, name: Flag, fallback: number, min: number, max: number): number | Failure {
  const text = flags.get(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    return failure(`--${name} must be a number ${Number.isFinite(max) ? `from ${min} to ${max}` : `≥ ${min}`}, got "${text}"`);
  }
  return value;
}

/**
 * A weight that sets one of the node's number params: from the param's minimum up, its default
 * when absent. No maximum: the eval measures past the inspector's slider.
 */
function readWeight(flags: ReadonlyMap<Flag, string>, name: Flag, schema: { readonly min?: number }, fallback: number): number | Failure {
  return readNumber(flags, name, fallback, schema.min ?? 0, Number.POSITIVE_INFINITY);
}

/** An option that must be one of `choices` (an enum param's options, or the eval's own), its default when absent. */
function readChoice<T extends string>(flags: ReadonlyMap<Flag, string>, name: Flag, choices: readonly string[], fallback: T, normalise = (v: string) => v): T | Failure {
  const text = flags.get(name);
  if (text === undefined) return fallback;
  const value = normalise(text);
  return choices.includes(value) ? (value as T) : failure(`--${name} must be ${oneOf(choices)}, got "${text}"`);
}

/**
 * `--loop-variants "colour-coherence=0.5;loop-noise=0.02,colour-coherence=0.3,colour-match=histogram"`:
 * variants split by ';', features by ','. A variant that names no colour match matches as the
 * eval's `--colour-match` does.
 */
function readLoopVariants(text: string | undefined, colourMatch: ColourMatchChoice): LoopFeatures[] | Failure {
  if (text === undefined) return [];
  const variants: LoopFeatures[] = [];
  const refusal = failure(`--loop-variants takes variants like "colour-coherence=0.5;loop-noise=0.02,colour-coherence=0.3,colour-match=histogram" (features colour-coherence and loop-noise, each from 0 to 1, and colour-match, ${oneOf(COLOUR_MATCH_CHOICES)}), got "${text}"`);
  for (const spec of text.split(';')) {
    const features: { colourCoherence: number; loopNoise: number; colourMatch: ColourMatchChoice } = { colourCoherence: 0, loopNoise: 0, colourMatch };
    for (const part of spec.split(',')) {
      const [name, value] = part.trim().split('=', 2) as [string, string | undefined];
      if (name === 'colour-match') {
        if (!COLOUR_MATCH_CHOICES.includes(value as ColourMatchChoice)) return refusal;
        features.colourMatch = value as ColourMatchChoice;
        continue;
      }
      const key = name === 'colour-coherence' ? 'colourCoherence' : name === 'loop-noise' ? 'loopNoise' : undefined;
      const number = Number(value);
      if (key === undefined || value === undefined || value.trim() === '' || !(number >= 0 && number <= 1)) return refusal;
      features[key] = number;
    }
    variants.push(features);
  }
  return variants;
}

const failed = (value: unknown): value is Failure => typeof value === 'object' && value !== null && (value as Failure).ok === false;

/** Parses the eval command's arguments (`--name value` or `--name=value`). */
export function parseEvalArgs(argv: readonly string[], cwd = process.cwd()): ParsedEvalArgs {
  const read = readArgv(argv);
  if (read === 'help') return { ok: 'help' };
  if (failed(read)) return read;
  const { flags, switches } = read;
  const clip = flags.get('clip');
  if (clip === undefined || clip === '') return failure('--clip <video file> is required');

  const numbers: Partial<Record<WholeFlag, number>> = {};
  for (const [name, min, max] of WHOLE_NUMBERS) {
    const text = flags.get(name);
    if (text === undefined) continue;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) return failure(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
    numbers[name] = value;
  }

  const sizeText = flags.get('size') ?? String(EVAL_DEFAULTS.size);
  if (!(generator.size.options as readonly string[]).includes(sizeText)) return failure(`--size must be one of ${generator.size.options.join(', ')}, got "${sizeText}"`);
  const size = Number(sizeText);
  const backend = flags.get('backend');
  if (backend !== undefined && !isBackendName(backend)) return failure(`--backend must be webgpu, webgl or cpu, got "${backend}"`);

  const recipeSlug = readChoice(flags, 'recipe', [...EVAL_RECIPES.keys()], EVAL_DEFAULTS.recipe, (v) => v.toLowerCase());
  if (failed(recipeSlug)) return recipeSlug;
  const recipe = EVAL_RECIPES.get(recipeSlug)!.settings;
  const colourMatch = readChoice<ColourMatchChoice>(flags, 'colour-match', COLOUR_MATCH_CHOICES, EVAL_DEFAULTS.colourMatch);
  if (failed(colourMatch)) return colourMatch;
  const loopVariants = readLoopVariants(flags.get('loop-variants'), colourMatch);
  if (failed(loopVariants)) return loopVariants;
  const values = {
    preset: readChoice<EvalRequest['preset']>(flags, 'preset', generator.preset.options, EVAL_DEFAULTS.preset),
    predicts: readChoice<EvalRequest['predicts']>(flags, 'predicts', generator.output.options, recipe.predicts),
    upsample: readChoice<EvalRequest['upsample']>(flags, 'upsample', generator.upsample.options, recipe.upsample),
    restorerPredicts: readChoice<EvalRequest['restorerPredicts']>(flags, 'restorer-predicts', restoration.params.output.options, EVAL_DEFAULTS.restorerPredicts),
    frameLoss: readChoice<EvalRequest['frameLoss']>(flags, 'frame-loss', generator.frameLoss.options, recipe.frameLoss, (v) => v.toUpperCase()),
    frameWeight: readWeight(flags, 'frame-weight', generator.frameWeight, recipe.frameWeight),
    adversarialWeight: readWeight(flags, 'adv-weight', generator.adversarialWeight, recipe.adversarialWeight),
    statisticsWeight: readWeight(flags, 'stats-weight', generator.statisticsWeight, recipe.statisticsWeight),
    colourCoherence: readNumber(flags, 'colour-coherence', EVAL_DEFAULTS.colourCoherence, 0, 1),
    loopNoise: readNumber(flags, 'loop-noise', EVAL_DEFAULTS.loopNoise, 0, 1),
    colourMatch,
    models: readChoice<EvalModels>(flags, 'models', EVAL_MODELS, EVAL_DEFAULTS.models),
    arch: readChoice<ArchChoice>(flags, 'arch', ARCH_CHOICES, EVAL_DEFAULTS.arch),
    bestBy: readChoice<BestBy>(flags, 'best-by', BEST_BY, recipe.bestBy),
  };
  // The first problem in flag order, as before; with none, every value is its settled type.
  const problem = Object.values(values).find(failed);
  if (problem) return problem;
  const settled = values as { [K in keyof typeof values]: Exclude<(typeof values)[K], Failure> };

  const pix2pixOnly = settled.arch !== 'pix2pix';
  if (pix2pixOnly && (switches.has('restoration') || switches.has('online'))) return failure(`--restoration and --online evaluate pix2pix loops; leave them out with --arch ${settled.arch}`);
  const heldOut = numbers['held-out'] ?? (pix2pixOnly ? 0 : recipe.heldOut);
  // Without held-out frames there is nothing to keep by, so the recipe's choice falls back to the last weights.
  const keepBest = toggle(switches, 'keep-best', 'keep-last', recipe.keepBest && heldOut > 0 && !switches.has('online') && !pix2pixOnly);
  if (pix2pixOnly && (heldOut > 0 || keepBest)) return failure(`--held-out and --keep-best evaluate pix2pix generators; leave them out with --arch ${settled.arch}`);
  if (keepBest && heldOut === 0) return failure('--keep-best picks weights by their held-out loss: give --held-out P (e.g. 10) too');
  // Online learning goes on training from the job's last weights, which --keep-best would have replaced.
  if (keepBest && switches.has('online')) return failure('--keep-best and --online cannot go together: online learning continues from the last weights, not the kept ones');
  if (flags.has('best-by') && !keepBest) return failure('--best-by says what --keep-best keeps: add --keep-best');
  const dropoutInLoop = toggle(switches, 'dropout-in-loop', 'no-dropout-in-loop', recipe.dropoutInLoop && !pix2pixOnly);
  // The multi-scale generator has no dropout.
  if (pix2pixOnly && dropoutInLoop) return failure(`--dropout-in-loop runs pix2pix generators' dropout in their loops; leave it out with --arch ${settled.arch}`);
  if (settled.models === 'feedback' && pix2pixOnly) return failure(`--models feedback picks among pix2pix generators; leave it out with --arch ${settled.arch}`);

  const resolved = (name: 'out' | 'dist' | 'video'): string | undefined => {
    const value = flags.get(name);
    return value === undefined ? undefined : path.resolve(cwd, value);
  };
  return {
    ok: true,
    options: {
      clip: path.resolve(cwd, clip),
      size,
      steps: numbers.steps ?? EVAL_DEFAULTS.steps,
      frames: numbers.frames ?? EVAL_DEFAULTS.frames,
      seed: numbers.seed ?? EVAL_DEFAULTS.seed,
      backend,
      batch: numbers.batch ?? EVAL_DEFAULTS.batch,
      cycles: numbers.cycles ?? recipe.cycles,
      driftDepth: numbers['drift-depth'] ?? recipe.driftDepth,
      driftStarts: numbers['drift-starts'] ?? recipe.driftStarts,
      longDrifts: numbers['long-drifts'] ?? recipe.longDrifts,
      longDriftDepth: numbers['long-drift-depth'] ?? recipe.longDriftDepth,
      ...settled,
      recipe: recipeSlug,
      fullResSkip: toggle(switches, 'full-res-skip', 'no-full-res-skip', recipe.fullResSkip),
      jitter: toggle(switches, 'jitter', 'no-jitter', recipe.jitter),
      restoration: switches.has('restoration'),
      online: switches.has('online'),
      swapEvery: numbers['swap-every'] ?? EVAL_DEFAULTS.swapEvery,
      onlineSteps: numbers['online-steps'] ?? EVAL_DEFAULTS.onlineSteps,
      heldOut,
      heldOutEvery: numbers['held-out-every'] ?? EVAL_DEFAULTS.heldOutEvery,
      keepBest,
      dropoutInLoop,
      loopVariants,
      video: flags.has('video'),
      jobs: numbers.jobs,
      out: resolved('out'),
      dist: resolved('dist'),
      videoDir: resolved('video'),
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
