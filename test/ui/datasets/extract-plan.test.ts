import { describe, expect, it } from 'vitest';
import type { AssetInfo, GraphNode } from '../../../src/core';
import { imageSequenceSource } from '../../../src/nodes/image-sequence-source';
import { imageSource } from '../../../src/nodes/image-source';
import { trainWindowSource } from '../../../src/nodes/train-window-source';
import { shiftBlend } from '../../../src/nodes/shift-blend';
import { videoSource } from '../../../src/nodes/video-source';
import { encoder } from '../../../src/nodes/encoder';
import {
  DEFAULT_FRAMES, clipLength, formProblem, formatEta, isExtractable, planSummary, proposedMaxFrames, rgbToRgba, thumbnailIndices,
} from '../../../src/ui/datasets/extract-plan';
import { formatBytes } from '../../../src/ui/library/format';

const sha = 'ab'.repeat(32);

function node(params: Record<string, unknown>, label?: string): Pick<GraphNode, 'params' | 'label'> {
  return { params: params as GraphNode['params'], ...(label ? { label } : {}) };
}

function asset(kind: AssetInfo['kind'], meta: AssetInfo['meta']): AssetInfo {
  return { sha256: sha, name: kind === 'video' ? 'pedestrians.webm' : 'shots', kind, mimeType: 'video/webm', bytes: 1000, savedAt: 0, ...(meta ? { meta } : {}) };
}

describe('isExtractable', () => {
  it('offers sources that run alone, and nothing else', () => {
    expect(isExtractable(trainWindowSource)).toBe(true);
    expect(isExtractable(videoSource)).toBe(true);
    expect(isExtractable(shiftBlend)).toBe(false);
    expect(isExtractable(encoder)).toBe(false);
    expect(isExtractable(undefined)).toBe(false);
  });
});

describe('clipLength', () => {
  it('calls a procedural source endless', () => {
    expect(clipLength(node({}), trainWindowSource, undefined)).toEqual({ kind: 'endless' });
  });

  it('counts a clip\'s frames after its own offset and stride', () => {
    expect(clipLength(node({ clip: sha, offset: 0, stride: 1 }), videoSource, asset('video', { frames: 120 })))
      .toEqual({ kind: 'finite', frames: 120, note: 'pedestrians.webm has 120 frames.' });
    expect(clipLength(node({ clip: sha, offset: 10, stride: 3 }), videoSource, asset('video', { frames: 120 })))
      .toEqual({ kind: 'finite', frames: 37, note: 'pedestrians.webm has 120 frames (from 10, every 3: 37).' });
  });

  it('counts an image sequence by its images, and a single image as one frame', () => {
    expect(clipLength(node({ sequence: sha }), imageSequenceSource, asset('image-sequence', { images: 24 }))).toMatchObject({ kind: 'finite', frames: 24 });
    expect(clipLength(node({ image: sha }), imageSource, asset('image', { width: 10, height: 10 }))).toMatchObject({ kind: 'finite', frames: 1 });
  });

  it('says what to do when no file is picked or the file is gone', () => {
    expect(clipLength(node({ clip: '' }, 'Street'), videoSource, undefined)).toEqual({
      kind: 'problem', message: '"Street" has no clip picked, so there is nothing to extract. Pick a file in the inspector, then extract frames.',
    });
    expect(clipLength(node({ clip: sha }), videoSource, undefined)).toMatchObject({ kind: 'problem', message: expect.stringMatching(/not in this browser's storage/) });
  });

  it('falls back to endless when the file\'s length is unknown', () => {
    expect(clipLength(node({ clip: sha }), videoSource, asset('video', {}))).toEqual({ kind: 'endless' });
  });
});

describe('proposedMaxFrames', () => {
  it('covers the whole clip at the chosen stride, or proposes a default for endless sources', () => {
    expect(proposedMaxFrames({ kind: 'finite', frames: 120, note: '' }, 1)).toBe(120);
    expect(proposedMaxFrames({ kind: 'finite', frames: 120, note: '' }, 7)).toBe(18);
    expect(proposedMaxFrames({ kind: 'endless' }, 2)).toBe(DEFAULT_FRAMES);
  });
});

describe('formProblem', () => {
  const good = { name: 'Train 64', width: 64, height: 64, stride: 2, maxFrames: 20 };
  it('accepts a sensible form and names the first thing wrong otherwise', () => {
    expect(formProblem(good)).toBeUndefined();
    expect(formProblem({ ...good, name: '  ' })).toBe('Give the dataset a name.');
    expect(formProblem({ ...good, width: 4 })).toMatch(/Width and height must be whole numbers from 8 to 1024/);
    expect(formProblem({ ...good, height: Number.NaN })).toMatch(/Width and height/);
    expect(formProblem({ ...good, stride: 0 })).toMatch(/Stride must be/);
    expect(formProblem({ ...good, maxFrames: 2.5 })).toMatch(/Max frames must be/);
  });
});

describe('texts', () => {
  it('summarises what will run and what will be stored', () => {
    expect(planSummary({ width: 64, height: 64, stride: 2, maxFrames: 20 }, formatBytes)).toBe('Runs the source for 39 frames and stores 20 frames (240 KB).');
  });

  it('estimates the time left in words', () => {
    expect(formatEta(10, 0)).toBe('');
    expect(formatEta(0, 30)).toBe('');
    expect(formatEta(10, 20)).toBe('under a second left');
    expect(formatEta(300, 20)).toBe('about 15 s left');
    expect(formatEta(6000, 20)).toBe('about 5 min left');
  });
});

describe('thumbnails', () => {
  it('picks the first, the last and evenly spaced frames', () => {
    expect(thumbnailIndices(0, 4)).toEqual([]);
    expect(thumbnailIndices(1, 4)).toEqual([0]);
    expect(thumbnailIndices(3, 4)).toEqual([0, 1, 2]);
    expect(thumbnailIndices(20, 4)).toEqual([0, 6, 13, 19]);
  });

  it('turns RGB bytes into opaque RGBA', () => {
    expect(Array.from(rgbToRgba(new Uint8Array([1, 2, 3, 4, 5, 6]), 2))).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
  });
});
