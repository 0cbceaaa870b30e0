import { describe, expect, it } from 'vitest';
import type { InstalledPlugin, PluginCandidate } from '../../../src/core';
import { consentText } from '../../../src/ui/plugins/consent-text';

const candidate: PluginCandidate = {
  manifest: { id: 'kaleidoscope', version: '1.0.1' }, source: 'bundle: plugins/kaleidoscope-1.0.1.js',
  sha256: `9b1c${'2'.repeat(60)}`, bytes: 100, code: '',
};
const installed: InstalledPlugin = {
  id: 'kaleidoscope', version: '1.0.0', sha256: `3f2a${'1'.repeat(60)}`, source: 'kaleidoscope-1.0.0.js', bytes: 90,
  nodeTypes: ['kaleidoscope/kaleidoscope'], status: 'active',
};

describe('consentText', () => {
  it('says which installed build an install replaces and with which, by version and short sha', () => {
    const text = consentText(candidate, [installed]);
    expect(text).toMatchObject({ title: 'Replace plugin?', replaces: true });
    expect(text.effect).toBe('Replaces installed kaleidoscope 1.0.0 (sha 3f2a11111111) with kaleidoscope 1.0.1 (sha 9b1c22222222).');
  });

  it('says so when the same version in another build would replace the installed one', () => {
    const sameVersion = { ...candidate, manifest: { id: 'kaleidoscope', version: '1.0.0' } };
    expect(consentText(sameVersion, [{ ...installed, status: 'disabled' }]).effect)
      .toBe('Replaces installed kaleidoscope 1.0.0 (disabled) (sha 3f2a11111111) with kaleidoscope 1.0.0 (sha 9b1c22222222).');
  });

  it('calls an install of an id nobody has installed a new plugin', () => {
    const text = consentText(candidate, [{ ...installed, id: 'zoom-rotate' }]);
    expect(text).toEqual({ title: 'Install plugin?', heading: 'Install plugin “kaleidoscope”?', effect: 'New plugin: no plugin “kaleidoscope” is installed, nothing is replaced.', replaces: false });
  });
});
