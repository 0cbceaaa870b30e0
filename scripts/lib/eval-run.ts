// The evaluation as the node side runs it: the two models one after the other in one page, or
// side by side in two pages of two browsers (two renderer processes, so on the single-threaded
// cpu backend two cores train at once). Every model's run is seeded, so the report is the
// same either way.
import { cpus } from 'node:os';
import type { BackendName } from '../../src/core';
import type { EvalReport, EvalRequest, ModelReport } from '../../tools/eval/eval-types';
import { composeReport } from '../../tools/eval/report';
import { evaluateModelInPage, prepareInPage } from './eval-page';
import type { EvalPage } from './eval-page';

/** Pages to train in when the user does not say: two on the cpu backend with two cores to spare, else one (a GPU is shared anyway). */
export function defaultJobs(backend: string, cores = cpus().length): 1 | 2 {
  return backend === 'cpu' && cores >= 2 ? 2 : 1;
}

export interface EvalRun {
  /** An open eval page; its backend is the run's. */
  readonly first: EvalPage;
  /**
   * Opens the second page for `jobs` 2, on `backend`. It should be in a browser of its own:
   * Chromium lowers the priority (nice 5) of a tab that is not in front, which halves a second
   * tab's share of a busy machine.
   */
  readonly openSecond: (backend: BackendName) => Promise<EvalPage>;
  readonly clip: string;
  readonly request: Omit<EvalRequest, 'clipUrl' | 'clipName'>;
  readonly jobs: 1 | 2;
  /** `feedback`: only the feedback-pair model (what a sweep compares); `both`: the plain one too. */
  readonly models: EvalModels;
  readonly log: (line: string) => void;
}

/** Which generators a run trains: both (without and with feedback pairs) or the feedback-pair one alone. */
export type EvalModels = 'both' | 'feedback';
export const EVAL_MODELS: readonly EvalModels[] = ['both', 'feedback'];

export async function runEvaluation(run: EvalRun): Promise<EvalReport> {
  const { first, openSecond, clip, request, jobs, log } = run;
  const started = performance.now();
  let prepared;
  let models: readonly [ModelReport | undefined, ModelReport];
  if (run.models === 'feedback') {
    prepared = await prepareInPage(first.page, clip, request, log);
    models = [undefined, await evaluateModelInPage(first.page, true, log)];
  } else if (jobs === 1) {
    prepared = await prepareInPage(first.page, clip, request, log);
    const plain = await evaluateModelInPage(first.page, false, log);
    models = [plain, await evaluateModelInPage(first.page, true, log)] as const;
  } else {
    const second = await openSecond(first.backend);
    if (second.backend !== first.backend) throw new Error(`a second page started on ${second.backend}, not ${first.backend}; run with --jobs 1`);
    // Both pages decode the clip; only the first one's progress is shown.
    [prepared] = await bothSettled([prepareInPage(first.page, clip, request, log), prepareInPage(second.page, clip, request, () => undefined)]);
    models = await bothSettled([evaluateModelInPage(first.page, false, log), evaluateModelInPage(second.page, true, log)]);
  }
  const settings = { ...request, backend: first.backend, gap: 1 as const, jobs: run.models === 'feedback' ? 1 : jobs };
  return composeReport(prepared, settings, models[0], models[1], (performance.now() - started) / 1000);
}

/**
 * Both results, or the first failure once both have settled: closing the browsers while the
 * other page is still working makes Playwright throw from inside its connection, which would
 * end the process with its stack instead of the page's message.
 */
async function bothSettled<A, B>(work: readonly [Promise<A>, Promise<B>]): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled(work);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}
