import { describe, expect, it } from 'vitest';
import { createDraftAutosave } from '../../../src/ui/library/draft-autosave';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createDraftAutosave', () => {
  it('writes once, after the last of a burst of changes', async () => {
    let writes = 0;
    const autosave = createDraftAutosave({ delayMs: 20, write: async () => void writes++, onerror: () => {} });
    for (let i = 0; i < 5; i++) {
      autosave.schedule();
      await sleep(5);
    }
    expect(writes).toBe(0);
    await sleep(40);
    expect(writes).toBe(1);
    autosave.destroy();
  });

  it('flush writes a pending change at once, and does nothing when none is pending', async () => {
    let writes = 0;
    const autosave = createDraftAutosave({ delayMs: 10_000, write: async () => void writes++, onerror: () => {} });
    await autosave.flush();
    expect(writes).toBe(0);
    autosave.schedule();
    await autosave.flush();
    expect(writes).toBe(1);
    autosave.destroy();
  });

  it('runs writes and queued tasks one at a time, in order', async () => {
    const log: string[] = [];
    const slow = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await sleep(ms);
      log.push(`${name} end`);
    };
    let write = slow('write', 20);
    const autosave = createDraftAutosave({ delayMs: 1, write: () => write(), onerror: () => {} });
    autosave.schedule();
    await sleep(5);
    write = slow('second write', 1);
    const cleared = autosave.enqueue(slow('clear', 1));
    autosave.schedule();
    await cleared;
    await sleep(10);
    await autosave.idle();
    expect(log).toEqual(['write start', 'write end', 'clear start', 'clear end', 'second write start', 'second write end']);
    autosave.destroy();
  });

  it('reports a failed write and keeps going', async () => {
    const errors: unknown[] = [];
    let fail = true;
    let writes = 0;
    const autosave = createDraftAutosave({
      delayMs: 1,
      write: async () => {
        if (fail) throw new Error('full');
        writes++;
      },
      onerror: (error) => errors.push(error),
    });
    autosave.schedule();
    await autosave.flush();
    fail = false;
    autosave.schedule();
    await autosave.flush();
    expect(errors).toHaveLength(1);
    expect(writes).toBe(1);
    autosave.destroy();
  });

  it('cancel drops a pending write', async () => {
    let writes = 0;
    const autosave = createDraftAutosave({ delayMs: 5, write: async () => void writes++, onerror: () => {} });
    autosave.schedule();
    autosave.cancel();
    await sleep(20);
    expect(writes).toBe(0);
    autosave.destroy();
  });
});
