import { describe, expect, it } from 'vitest';
import { openTestStorage } from './storage-test-kit';

describe('settings', () => {
  it('returns the fallback for a key never set', async () => {
    const { storage } = await openTestStorage();
    expect(await storage.getSetting('backend', 'webgpu')).toBe('webgpu');
  });

  it('returns a stored value, structured values included', async () => {
    const { storage } = await openTestStorage();
    await storage.setSetting('panel', { open: true, width: 320 });
    expect(await storage.getSetting('panel', { open: false, width: 0 })).toEqual({ open: true, width: 320 });
  });

  it('keeps falsy values instead of falling back', async () => {
    const { storage } = await openTestStorage();
    await storage.setSetting('autosave', false);
    expect(await storage.getSetting('autosave', true)).toBe(false);
  });

  it('falls back again after a key is set to undefined', async () => {
    const { storage } = await openTestStorage();
    await storage.setSetting('fps', 24);
    await storage.setSetting('fps', undefined);
    expect(await storage.getSetting('fps', 30)).toBe(30);
  });
});
