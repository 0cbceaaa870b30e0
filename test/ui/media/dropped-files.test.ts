import { describe, expect, it } from 'vitest';
import { classifyFile, filesForField, planDrop } from '../../../src/ui/media/dropped-files';

const file = (name: string, type = '') => ({ name, type });

describe('classifyFile', () => {
  it('knows graph files by MIME type or extension', () => {
    expect(classifyFile(file('loop.nfpgraph.json', 'application/json'))).toBe('graph');
    expect(classifyFile(file('loop.nfpgraph'))).toBe('graph');
    expect(classifyFile(file('LOOP.JSON'))).toBe('graph');
  });

  it('knows videos by MIME type, or by extension when the browser gives no type', () => {
    expect(classifyFile(file('clip.webm', 'video/webm'))).toBe('video');
    expect(classifyFile(file('clip.mkv'))).toBe('video');
    expect(classifyFile(file('clip', 'video/quicktime'))).toBe('video');
  });

  it('knows images', () => {
    expect(classifyFile(file('frame.png', 'image/png'))).toBe('image');
    expect(classifyFile(file('photo.JPEG'))).toBe('image');
  });

  it('calls anything else other, including dot files with no extension', () => {
    expect(classifyFile(file('notes.txt', 'text/plain'))).toBe('other');
    expect(classifyFile(file('.webm'))).toBe('other');
    expect(classifyFile(file('README'))).toBe('other');
  });
});

describe('planDrop', () => {
  it('does nothing for an empty drop', () => {
    expect(planDrop([])).toBeUndefined();
  });

  it('opens one graph file', () => {
    const graph = file('a.json');
    expect(planDrop([graph])).toEqual({ kind: 'graph', file: graph });
  });

  it('takes one video as a clip and one image as an image', () => {
    const clip = file('a.webm');
    const still = file('a.png');
    expect(planDrop([clip])).toEqual({ kind: 'video', file: clip });
    expect(planDrop([still])).toEqual({ kind: 'image', file: still });
  });

  it('makes several images an image sequence in file-manager order', () => {
    const plan = planDrop([file('f10.png'), file('f2.png'), file('f1.png')]);
    expect(plan).toEqual({ kind: 'image-sequence', files: [file('f1.png'), file('f2.png'), file('f10.png')] });
  });

  it('refuses a file of another kind, naming it and what would work', () => {
    const plan = planDrop([file('notes.txt', 'text/plain')]);
    expect(plan?.kind).toBe('refused');
    const message = plan?.kind === 'refused' ? plan.message : '';
    expect(message).toContain('“notes.txt” is not a file the studio can use');
    expect(message).toContain('nothing changed');
    expect(message).toContain('Drop a video (WebM or MP4)');
  });

  it('names only the unusable files of a drop, and at most three of them', () => {
    const plan = planDrop([file('a.png'), file('1.txt'), file('2.txt'), file('3.txt'), file('4.txt')]);
    expect(plan?.kind === 'refused' && plan.message).toMatch(/^“1.txt”, “2.txt”, “3.txt” and 1 more are not files/);
  });

  it('refuses a mix of kinds and several videos: which one was meant is unclear', () => {
    expect(planDrop([file('a.webm'), file('b.webm')])?.kind).toBe('refused');
    expect(planDrop([file('a.webm'), file('b.png')])?.kind).toBe('refused');
    expect(planDrop([file('a.json'), file('b.png')])?.kind).toBe('refused');
  });
});

describe('filesForField', () => {
  it('takes exactly one file for a clip or an image field', () => {
    expect(filesForField('video', [file('a.webm')])).toEqual({ files: [file('a.webm')] });
    const refused = filesForField('image', [file('a.png'), file('b.png')]);
    expect('message' in refused && refused.message).toContain('this field takes one image; nothing changed');
  });

  it('takes several images, in name order, for a sequence field', () => {
    expect(filesForField('image-sequence', [file('b.png'), file('a.png')])).toEqual({ files: [file('a.png'), file('b.png')] });
  });

  it('refuses an empty drop with a message', () => {
    expect('message' in filesForField('video', [])).toBe(true);
  });
});
