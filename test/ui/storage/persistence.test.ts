import { describe, expect, it, vi } from 'vitest';
import { PersistenceState, withPersistenceRequest } from '../../../src/ui/storage/persistence.svelte';
import { openTestStorage } from '../../core/storage/storage-test-kit';

function port(granted: boolean, persisted = false) {
  return { persist: vi.fn(async () => granted), persisted: vi.fn(async () => persisted) };
}

describe('asking for persistent storage', () => {
  it('asks nothing at start, then once at the first graph save, and shows the answer', async () => {
    const { storage } = await openTestStorage();
    const browser = port(true);
    const persistence = new PersistenceState(browser);
    await persistence.check();
    const wrapped = withPersistenceRequest(storage, persistence);
    expect(persistence.status).toBe('not-asked');
    expect(browser.persist).not.toHaveBeenCalled();

    const { id } = await wrapped.saveGraph({ name: 'G', json: '{}' });
    await vi.waitFor(() => expect(persistence.status).toBe('granted'));
    await wrapped.saveGraph({ id, name: 'G', json: '{"a":1}' });
    await wrapped.saveModel({ weightData: new ArrayBuffer(4) }, 'M');
    expect(browser.persist).toHaveBeenCalledOnce();
  });

  it('asks at the first stored checkpoint too, and shows a refusal', async () => {
    const { storage } = await openTestStorage();
    const persistence = new PersistenceState(port(false));
    await withPersistenceRequest(storage, persistence).saveModel({ weightData: new ArrayBuffer(4), userDefinedMetadata: { checkpointOf: 'x' } }, 'C');
    await vi.waitFor(() => expect(persistence.status).toBe('denied'));
  });

  it('does not ask when storage is persistent already, nor where the browser has no Storage API', async () => {
    const browser = port(true, true);
    const persistent = new PersistenceState(browser);
    await persistent.check();
    await persistent.requestOnce();
    expect(persistent.status).toBe('persisted');
    expect(browser.persist).not.toHaveBeenCalled();
    const none = new PersistenceState(undefined);
    await none.requestOnce();
    expect(none.status).toBe('unsupported');
  });

  it('does not ask when the save fails', async () => {
    const { storage } = await openTestStorage();
    const browser = port(true);
    const persistence = new PersistenceState(browser);
    await expect(withPersistenceRequest(storage, persistence).saveGraph({ id: 'missing', name: 'G', json: '{}' })).rejects.toThrow();
    expect(browser.persist).not.toHaveBeenCalled();
  });
});
