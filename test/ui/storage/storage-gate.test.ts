import { describe, expect, it, vi } from 'vitest';
import { StorageError } from '../../../src/core';
import type { StudioStorage } from '../../../src/core';
import { openStorageGate } from '../../../src/ui/storage/storage-gate';
import type { StorageGateState } from '../../../src/ui/storage/storage-gate';

/** An open() whose attempts the test settles by hand, and a timer it fires by hand. */
function harness() {
  const attempts: { resolve: (s: StudioStorage) => void; reject: (e: unknown) => void }[] = [];
  const open = () => new Promise<StudioStorage>((resolve, reject) => attempts.push({ resolve, reject }));
  let fire: (() => void) | undefined;
  const setTimer = (callback: () => void) => { fire = callback; return () => { fire = undefined; }; };
  const gate = openStorageGate({ open, slowAfterMs: 2000, setTimer });
  const seen: StorageGateState['status'][] = [];
  gate.onChange((s) => seen.push(s.status));
  return { gate, attempts, seen, timeout: () => fire?.() };
}

const fakeStorage = () => ({ close: vi.fn() }) as unknown as StudioStorage & { close: ReturnType<typeof vi.fn> };
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the start-up storage gate', () => {
  it('opens straight through when storage answers in time, showing nothing', async () => {
    const { gate, attempts, seen } = harness();
    const storage = fakeStorage();
    attempts[0]!.resolve(storage);
    expect(await gate.result).toBe(storage);
    expect(seen).toEqual(['open']);
  });

  it('says storage is slow after the time limit, and still takes the connection when it comes', async () => {
    const { gate, attempts, timeout } = harness();
    timeout();
    expect(gate.state).toMatchObject({ status: 'slow', message: expect.stringMatching(/has not opened after 2 s.*Retry/) });
    const storage = fakeStorage();
    attempts[0]!.resolve(storage);
    expect(await gate.result).toBe(storage);
    expect(storage.close).not.toHaveBeenCalled();
  });

  it('shows a blocked open with its message, and Retry opens again', async () => {
    const { gate, attempts, seen } = harness();
    attempts[0]!.reject(new StorageError('blocked', 'Storage is held by another tab running an older version of the app.'));
    await tick();
    expect(gate.state).toEqual({ status: 'failed', code: 'blocked', message: 'Storage is held by another tab running an older version of the app.' });
    gate.retry();
    expect(attempts).toHaveLength(2);
    const storage = fakeStorage();
    attempts[1]!.resolve(storage);
    expect(await gate.result).toBe(storage);
    expect(seen).toEqual(['failed', 'opening', 'open']);
  });

  it('goes on without a library when asked, and closes a connection that opens afterwards instead of leaking it', async () => {
    const { gate, attempts, timeout } = harness();
    timeout();
    gate.skip();
    expect(await gate.result).toBeUndefined();
    const late = fakeStorage();
    attempts[0]!.resolve(late);
    await tick();
    expect(late.close).toHaveBeenCalledOnce();
    expect(gate.state.status).toBe('skipped');
  });

  it('ignores an older attempt failing while a retry is still opening', async () => {
    const { gate, attempts, timeout } = harness();
    timeout();
    gate.retry();
    attempts[0]!.reject(new StorageError('blocked', 'old'));
    await tick();
    expect(gate.state.status).toBe('opening');
    const storage = fakeStorage();
    attempts[1]!.resolve(storage);
    expect(await gate.result).toBe(storage);
  });
});
