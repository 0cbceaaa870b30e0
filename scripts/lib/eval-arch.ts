// The architecture comparison as the node side runs it (`npm run eval -- --arch multiscale|both`):
// one page decodes and splits the clip (the same prepare as the pix2pix evaluation), then trains
// and scores each architecture in turn on it, with the same seed, steps and batch.
import type { BackendName } from '../../src/core';
import type { EvalRequest, PreparedClip } from '../../tools/eval/eval-types';
import { architecturesOf } from '../../tools/eval/multiscale-types';
import type { ArchChoice, ArchitectureComparison } from '../../tools/eval/multiscale-types';
import { prepareInPage } from './eval-page';
import type { EvalPage } from './eval-page';

export interface ArchitectureReport extends Omit<PreparedClip, 'decodeSeconds' | 'copyLastFrame'>, ArchitectureComparison {
  readonly settings: Omit<EvalRequest, 'clipUrl' | 'clipName' | 'restoration' | 'restorerPredicts' | 'online' | 'swapEvery' | 'onlineSteps'> & { readonly backend: BackendName; readonly arch: ArchChoice };
  readonly seconds: { readonly decode: number; readonly total: number };
}

export async function runArchitectureComparison(
  page: EvalPage, clip: string, request: Omit<EvalRequest, 'clipUrl' | 'clipName'>, arch: ArchChoice, log: (line: string) => void,
): Promise<ArchitectureReport> {
  const started = performance.now();
  const prepared = await prepareInPage(page.page, clip, request, log);
  const outcome = await page.page.evaluate(async (architectures) => {
    try {
      return { ok: true as const, value: await window.__evalArchitectures!.compare(architectures) };
    } catch (error) {
      // This runs in the page, which has none of this module's imports.
      return { ok: false as const, error: error instanceof Error ? error.message : String(error) };
    }
  }, architecturesOf(arch));
  if (!outcome.ok) throw new Error(outcome.error);
  const { decodeSeconds, copyLastFrame: _allPairs, ...clipFacts } = prepared;
  const { restoration: _restoration, restorerPredicts: _restorerPredicts, online: _online, swapEvery: _swapEvery, onlineSteps: _onlineSteps, ...settings } = request;
  return {
    ...clipFacts,
    settings: { ...settings, backend: page.backend, arch },
    ...outcome.value,
    seconds: { decode: decodeSeconds, total: Math.round((performance.now() - started) / 100) / 10 },
  };
}
