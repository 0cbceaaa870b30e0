import { describe, expect, it } from 'vitest';
import { isFileDrag } from '../../../src/ui/media/file-drop';

describe('isFileDrag', () => {
  it('accepts file drags and refuses palette drags and text drags', () => {
    expect(isFileDrag(['Files'])).toBe(true);
    expect(isFileDrag(['application/x-nfp-node-type', 'text/plain'])).toBe(false);
    expect(isFileDrag(['Files', 'application/x-nfp-node-type'])).toBe(false);
    expect(isFileDrag(['text/plain'])).toBe(false);
    expect(isFileDrag(undefined)).toBe(false);
  });
});
