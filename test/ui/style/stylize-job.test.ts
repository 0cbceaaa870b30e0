import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { KEEP_EXTRACTED } from '../../../src/core';
import { stylizeDataset } from '../../../src/nodes/style/stylize-dataset';
import { StylizeJob } from '../../../src/ui/style/stylize-job.svelte';
import { openTestStorage } from '../../core/storage/storage-test-kit';

describe('StylizeJob', () => {
  it('follows the progress, and Cancel aborts the run, which ends as cancelled', async () => {
    let signal!: AbortSignal;
    let report!: (done: number, total: number) => void;
    const job = new StylizeJob('style', 'Clip · styled', 10, (s, onProgress) => {
      signal = s;
      report = onProgress;
      return new Promise((resolve) => s.addEventListener('abort', () => resolve({ outcome: 'cancelled', frames: 0 })));
    });
    report(4, 10);
    expect([job.done, job.total, job.phase]).toEqual([4, 10, 'running']);
    job.cancel();
    expect(signal.aborted).toBe(true);
    expect(job.phase).toBe('stopping');
    await job.finished;
    expect(job.phase).toBe('cancelled');
    expect(job.active).toBe(false);
  });

  it('Stop and keep aborts with the keep reason, and a kept run ends as done', async () => {
    let signal!: AbortSignal;
    const job = new StylizeJob('style', 'Clip · styled', 10, (s) => {
      signal = s;
      return new Promise((resolve) => s.addEventListener('abort', () => resolve({ outcome: 'kept', id: 'd1', frames: 4 })));
    });
    job.stopAndKeep();
    expect(signal.reason).toBe(KEEP_EXTRACTED);
    expect(job.phase).toBe('stopping');
    job.cancel();
    expect(signal.reason).toBe(KEEP_EXTRACTED);
    await job.finished;
    expect(job.phase).toBe('done');
    expect(job.result).toEqual({ outcome: 'kept', id: 'd1', frames: 4 });
  });

  it('shows a failed run\'s message for the user', async () => {
    const { storage } = await openTestStorage();
    const job = new StylizeJob('style', 'Never', 3, (signal, onProgress) =>
      stylizeDataset({ tf, storage, models: storage, source: 'gone', weights: 'a'.repeat(64), strength: 1, name: 'Never', signal, onProgress }));
    await job.finished;
    expect(job.phase).toBe('failed');
    expect(job.error).toBe('That dataset no longer exists (deleted, perhaps in another tab). Pick another.');
  });
});
