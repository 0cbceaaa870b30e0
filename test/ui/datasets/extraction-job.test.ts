import { describe, expect, it } from 'vitest';
import { ExtractFramesError, KEEP_EXTRACTED } from '../../../src/core';
import type { ExtractProgress, ExtractResult } from '../../../src/core';
import { ExtractionJob } from '../../../src/ui/datasets/extraction-job.svelte';

const request = { title: 'Train Window', name: 'Train 64', width: 64, height: 64, stride: 2, maxFrames: 20 };
const progress = (done: number): ExtractProgress => ({ datasetId: 'd1', done, total: 20, fps: 10, elapsedMs: done * 100 });

/** A runner the test drives by hand. */
function manual() {
  let report!: (p: ExtractProgress) => void;
  let settle!: (r: ExtractResult | Error) => void;
  let signal!: AbortSignal;
  const run = (s: AbortSignal, onProgress: (p: ExtractProgress) => void) => new Promise<ExtractResult>((resolve, reject) => {
    signal = s;
    report = onProgress;
    settle = (r) => (r instanceof Error ? reject(r) : resolve(r));
  });
  return { run, report: (p: ExtractProgress) => report(p), settle: (r: ExtractResult | Error) => settle(r), signal: () => signal };
}

describe('ExtractionJob', () => {
  it('shows progress at most every 100 ms, but always the last frame', () => {
    const runner = manual();
    let clock = 0;
    const job = new ExtractionJob(request, runner.run, () => clock);
    runner.report(progress(1));
    expect(job.progress.done).toBe(1);
    clock = 50;
    runner.report(progress(2));
    expect(job.progress.done).toBe(1);
    clock = 150;
    runner.report(progress(3));
    expect(job.progress.done).toBe(3);
    clock = 160;
    runner.report(progress(20));
    expect(job.progress.done).toBe(20);
  });

  it('ends done with the stored frame count', async () => {
    const runner = manual();
    const job = new ExtractionJob(request, runner.run);
    runner.settle({ outcome: 'complete', id: 'd1', frames: 20 });
    await job.finished;
    expect(job.phase).toBe('done');
    expect(job.progress.done).toBe(20);
    expect(job.active).toBe(false);
  });

  it('cancels with a plain abort and stops-and-keeps with KEEP_EXTRACTED', () => {
    const a = manual();
    const cancelled = new ExtractionJob(request, a.run);
    cancelled.cancel();
    expect(cancelled.phase).toBe('stopping');
    expect(a.signal().aborted).toBe(true);
    expect(a.signal().reason).not.toBe(KEEP_EXTRACTED);

    const b = manual();
    const kept = new ExtractionJob(request, b.run);
    kept.stopAndKeep();
    expect(b.signal().reason).toBe(KEEP_EXTRACTED);
  });

  it('reports a cancelled run as cancelled', async () => {
    const runner = manual();
    const job = new ExtractionJob(request, runner.run);
    job.cancel();
    runner.settle({ outcome: 'cancelled', frames: 0 });
    await job.finished;
    expect(job.phase).toBe('cancelled');
  });

  it('shows an extraction error as it is, and words an unexpected one for the user', async () => {
    const a = manual();
    const failed = new ExtractionJob(request, a.run);
    a.settle(new ExtractFramesError('source-failed', '"Clip" failed at frame 3: corrupt. Nothing was kept.'));
    await failed.finished;
    expect(failed).toMatchObject({ phase: 'failed', error: '"Clip" failed at frame 3: corrupt. Nothing was kept.' });

    const b = manual();
    const odd = new ExtractionJob(request, b.run);
    b.settle(new TypeError('x is undefined'));
    await odd.finished;
    expect(odd.error).toMatch(/^The extraction failed unexpectedly \(x is undefined\)\. Nothing was kept/);
  });
});
