import { describe, expect, it } from 'vitest';
import { MediaInputError } from '../../../src/nodes/media/media-input-error';
import { naturalOrder } from '../../../src/core';
import { parseImageSequence } from '../../../src/nodes/media/image-sequence';

const sha = (c: string) => c.repeat(64);

describe('image-sequence manifests', () => {
  it('lists the images in manifest order', () => {
    expect(parseImageSequence(JSON.stringify({ images: [sha('b'), sha('a'), sha('b')] }), 'seq')).toEqual([sha('b'), sha('a'), sha('b')]);
  });

  it.each([
    ['not JSON', '{images', 'it is not JSON'],
    ['no list', '{"frames": []}', 'it has no "images" list'],
    ['an empty list', '{"images": []}', 'the list is empty'],
    ['a bad entry', JSON.stringify({ images: [sha('a'), 'frame2.png'] }), 'entry 1 is not a file reference'],
  ])('refuses %s with a message naming the file and the problem', (_, text, detail) => {
    const error = (() => {
      try {
        parseImageSequence(text, 'walk (12 images)');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(MediaInputError);
    expect((error as MediaInputError).code).toBe('bad-sequence');
    expect((error as MediaInputError).message).toContain('“walk (12 images)”');
    expect((error as MediaInputError).message).toContain(detail);
  });
});

describe('naturalOrder', () => {
  it('sorts numbers by value and ignores case', () => {
    const names = ['frame10.png', 'Frame2.png', 'frame1.png', 'frame002b.png', 'a.png'];
    expect(naturalOrder(names.map((name) => ({ name }))).map((f) => f.name)).toEqual(['a.png', 'frame1.png', 'Frame2.png', 'frame002b.png', 'frame10.png']);
  });
});
