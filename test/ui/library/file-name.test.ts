import { describe, expect, it } from 'vitest';
import { exportFileName } from '../../../src/ui/library/file-name';

describe('exportFileName', () => {
  it('appends .nfpgraph.json to a plain name', () => {
    expect(exportFileName('Train loop')).toBe('Train loop.nfpgraph.json');
  });

  it('replaces characters that file systems refuse', () => {
    expect(exportFileName('Loop: v2/final')).toBe('Loop- v2-final.nfpgraph.json');
    expect(exportFileName('a<b>c|d?e*f"g\\h')).toBe('a-b-c-d-e-f-g-h.nfpgraph.json');
    expect(exportFileName('tab\there\u0000nul')).toBe('tab here-nul.nfpgraph.json');
  });

  it('drops leading dots and trailing dots and spaces', () => {
    expect(exportFileName('..hidden. ')).toBe('hidden.nfpgraph.json');
  });

  it('falls back to "graph" for an empty or unusable name', () => {
    expect(exportFileName('')).toBe('graph.nfpgraph.json');
    expect(exportFileName('   ')).toBe('graph.nfpgraph.json');
    expect(exportFileName('///')).toBe('graph.nfpgraph.json');
  });

  it('avoids names Windows reserves', () => {
    expect(exportFileName('CON')).toBe('CON_.nfpgraph.json');
    expect(exportFileName('lpt1')).toBe('lpt1_.nfpgraph.json');
  });

  it('shortens very long names without splitting a character', () => {
    const name = exportFileName('🎞'.repeat(200));
    expect([...name.replace('.nfpgraph.json', '')]).toHaveLength(80);
    expect(name.endsWith('🎞.nfpgraph.json')).toBe(true);
  });

  it('keeps non-Latin names', () => {
    expect(exportFileName('Петля обратной связи')).toBe('Петля обратной связи.nfpgraph.json');
  });
});
