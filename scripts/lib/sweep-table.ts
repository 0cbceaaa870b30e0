// The one table of a sweep: every cell, and per recipe the medians over all cells (settings are
// chosen by medians over the whole development set, never by one clip), in markdown and JSON.
import { colourLimit, livingVerdict } from '../../tools/eval/living-bar';
import { loopFeaturesLabel } from '../../tools/eval/report';
import { EVAL_RECIPES } from '../../tools/eval/eval-recipes';
import type { EvalSettings, LoopFeatures, RolloutPoint } from '../../tools/eval/eval-types';
import type { SweepLine } from './eval-sweep';

/** Rollout frames the table reports, when the rollout reached them (the last frame always). */
export const TABLE_FRAMES = [100, 300, 1000] as const;

export interface PointFigures {
  readonly frame: number;
  readonly detail: number | null;
  readonly motion: number | null;
  readonly coarseDetail: number | null;
  readonly coarseMotion: number | null;
  readonly colour: number;
}

export interface CellRow {
  readonly clip: string;
  readonly seed: number;
  readonly recipe: string;
  /** The feedback-pair model's one-step PSNR minus copy-last's, dB. */
  readonly oneStepDb: number;
  readonly points: readonly PointFigures[];
  readonly colourLimit: number;
  readonly framesWithNaN: number;
  readonly lives: boolean;
  readonly failures: readonly string[];
  readonly seconds: number;
}

export interface RecipeMedians {
  readonly cells: number;
  readonly livingCells: number;
  /** Clips whose loop lives in at least two thirds of their seeds (2 of 3), of all clips. */
  readonly clipsLivingInMostSeeds: string;
  readonly oneStepDb: number | null;
  readonly points: readonly PointFigures[];
}

export interface SweepTable {
  readonly cells: readonly CellRow[];
  readonly medians: Readonly<Record<string, RecipeMedians>>;
  readonly failed: ReadonlyArray<{ readonly key: string; readonly error: string }>;
}

export function median(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const middle = Math.floor(known.length / 2);
  return known.length % 2 === 1 ? known[middle]! : (known[middle - 1]! + known[middle]!) / 2;
}

/**
 * What the medians group cells by: the recipe, any of its settings a flag changed ("living
 * (statisticsWeight 0.5)"), and the loop features the rollout added.
 */
function settingName(recipe: string, settings: EvalSettings, features: LoopFeatures = settings): string {
  const base = EVAL_RECIPES.get(recipe)?.settings;
  const changed = base ? Object.entries(base).filter(([key, value]) => key in settings && settings[key as keyof EvalSettings] !== value) : [];
  const named = changed.length > 0 ? `${recipe} (${changed.map(([key]) => `${key} ${String(settings[key as keyof EvalSettings])}`).join(', ')})` : recipe;
  return features.colourCoherence > 0 || features.loopNoise > 0 ? `${named} + ${loopFeaturesLabel(features)}` : named;
}

function figures(point: RolloutPoint): PointFigures {
  return {
    frame: point.frame, detail: point.gradientEnergyRatio, motion: point.meanAbsChangeRatio,
    coarseDetail: point.coarseGradientEnergyRatio ?? null, coarseMotion: point.coarseMeanAbsChangeRatio ?? null, colour: point.histogramDistance,
  };
}

/** The rollout's points at `TABLE_FRAMES` it reached, and its last one. */
function pointsOf(points: readonly RolloutPoint[]): PointFigures[] {
  const last = points.at(-1);
  const chosen = points.filter((p) => (TABLE_FRAMES as readonly number[]).includes(p.frame) || p === last);
  return chosen.map(figures);
}

export function sweepTable(lines: readonly SweepLine[]): SweepTable {
  const cells: CellRow[] = [];
  const failed: Array<{ key: string; error: string }> = [];
  for (const line of [...lines].sort((a, b) => a.index - b.index)) {
    const report = line.report;
    if (!report) {
      failed.push({ key: line.key, error: line.error ?? 'no report' });
      continue;
    }
    const feedback = report.models.feedback;
    const verdict = report.summary.feedbackLoop ?? { lives: false, failures: ['no verdict in this report (an older eval)'] };
    const row = { clip: line.clip, seed: line.seed, oneStepDb: feedback.oneStep.psnrGainOverCopyLast, colourLimit: colourLimit(report.source.frameHistogramDistance), seconds: report.seconds.total };
    cells.push({
      ...row, recipe: settingName(line.recipe, report.settings), points: pointsOf(feedback.rollout.points), framesWithNaN: feedback.rollout.framesWithNaN,
      lives: verdict.lives, failures: verdict.failures,
    });
    for (const variant of feedback.variants ?? []) {
      const judged = livingVerdict(feedback.oneStep, variant.rollout, report.source.frameHistogramDistance);
      cells.push({
        ...row, recipe: settingName(line.recipe, report.settings, variant), points: pointsOf(variant.rollout.points), framesWithNaN: variant.rollout.framesWithNaN,
        lives: judged.lives, failures: judged.failures,
      });
    }
  }
  const medians: Record<string, RecipeMedians> = {};
  for (const recipe of [...new Set(cells.map((c) => c.recipe))]) {
    const mine = cells.filter((c) => c.recipe === recipe);
    const frames = [...new Set(mine.flatMap((c) => c.points.map((p) => p.frame)))].sort((a, b) => a - b);
    const clips = [...new Set(mine.map((c) => c.clip))];
    const living = clips.filter((clip) => {
      const seeds = mine.filter((c) => c.clip === clip);
      return seeds.filter((c) => c.lives).length * 3 >= seeds.length * 2;
    });
    medians[recipe] = {
      cells: mine.length,
      livingCells: mine.filter((c) => c.lives).length,
      clipsLivingInMostSeeds: `${living.length}/${clips.length}`,
      oneStepDb: median(mine.map((c) => c.oneStepDb)),
      points: frames.map((frame) => {
        const at = mine.map((c) => c.points.find((p) => p.frame === frame)).filter((p) => p !== undefined);
        return {
          frame, detail: median(at.map((p) => p.detail)), motion: median(at.map((p) => p.motion)), coarseDetail: median(at.map((p) => p.coarseDetail)),
          coarseMotion: median(at.map((p) => p.coarseMotion)), colour: median(at.map((p) => p.colour)) ?? Number.NaN,
        };
      }),
    };
  }
  return { cells, medians, failed };
}

const num = (value: number | null, digits = 2): string => (value === null || !Number.isFinite(value) ? '–' : value.toFixed(digits));
const ratios = (p: PointFigures | undefined): string[] => (p ? [num(p.detail), num(p.motion), num(p.coarseDetail), num(p.coarseMotion), num(p.colour)] : ['–', '–', '–', '–', '–']);
const RATIO_HEAD = 'detail | motion | coarse detail | coarse motion | colour';

export function sweepMarkdown(table: SweepTable): string {
  const out: string[] = [];
  out.push('Per cell, the feedback-pair model at its last rollout frame (ratios to the clip; colour: histogram distance):', '');
  out.push(`| clip | seed | recipe | frame | one-step vs copy-last (dB) | ${RATIO_HEAD} | colour limit | lives | why not |`);
  out.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const c of table.cells) {
    const last = c.points.at(-1);
    out.push(`| ${c.clip} | ${c.seed} | ${c.recipe} | ${last?.frame ?? '–'} | ${num(c.oneStepDb)} | ${ratios(last).join(' | ')} | ${num(c.colourLimit)} | ${c.lives ? 'yes' : 'no'} | ${c.failures.join('; ')} |`);
  }
  out.push('', 'Medians per recipe over all its cells:', '');
  out.push(`| recipe | cells | cells that live | clips that live in ≥ 2/3 of seeds | one-step vs copy-last (dB) | frame | ${RATIO_HEAD} |`);
  out.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [recipe, m] of Object.entries(table.medians)) {
    m.points.forEach((p, i) => {
      const lead = i === 0 ? `${recipe} | ${m.cells} | ${m.livingCells} | ${m.clipsLivingInMostSeeds} | ${num(m.oneStepDb)}` : ' | | | | ';
      out.push(`| ${lead} | ${p.frame} | ${ratios(p).join(' | ')} |`);
    });
  }
  if (table.failed.length > 0) {
    out.push('', 'Cells that failed (they run again when the sweep is run again):', '');
    for (const f of table.failed) out.push(`- ${f.key}: ${f.error}`);
  }
  return `${out.join('\n')}\n`;
}
