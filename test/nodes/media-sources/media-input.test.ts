import { describe, expect, it } from 'vitest';
import { MAX_ASSET_BYTES } from '../../../src/core';
import type { NewAsset, StoredAsset } from '../../../src/core';
import { importMediaFile, importMediaFiles, MediaInputError } from '../../../src/nodes/media/import-media';
import { probeVideo } from '../../../src/nodes/media/probe';
import type { NamedBlob } from '../../../src/nodes/media/probe';
import { cameraErrorMessage, webcamMessages } from '../../../src/nodes/webcam-source';

/** A saver that records what it was asked to store. */
function recordingSaver() {
  const saved: NewAsset[] = [];
  return {
    saved,
    saveAsset: (input: NewAsset): Promise<StoredAsset> => {
      saved.push(input);
      return Promise.resolve({ sha256: 'f'.repeat(64), name: input.name, kind: input.kind, mimeType: input.blob.type, bytes: input.blob.size, savedAt: 0, deduplicated: false });
    },
  };
}

const named = (parts: BlobPart[], name: string): NamedBlob => new File(parts, name);

async function refusal(promise: Promise<unknown>): Promise<MediaInputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MediaInputError) return error;
    throw error;
  }
  throw new Error('expected a MediaInputError');
}

describe('importMediaFile refuses bad files before storing anything', () => {
  it('an empty file', async () => {
    const saver = recordingSaver();
    const error = await refusal(importMediaFile(saver, named([], 'clip.webm'), 'video'));
    expect(error).toMatchObject({ code: 'empty', fileName: 'clip.webm' });
    expect(error.message).toBe('“clip.webm” is empty (0 bytes), so there is nothing to play. Pick the file again; if it came from a download or a recording, it did not finish.');
    expect(saver.saved).toEqual([]);
  });

  it('a file over the size cap, with the cap and a way out in the message', async () => {
    const huge = Object.assign(new Blob(['x']), { name: 'long.mp4' });
    Object.defineProperty(huge, 'size', { value: MAX_ASSET_BYTES + 1 });
    const error = await refusal(probeVideo(huge));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/^“long\.mp4” is 512 MiB; the studio takes files up to 512 MiB\. Trim or downscale it first/);
  });

  it('a text file named .webm', async () => {
    const saver = recordingSaver();
    const error = await refusal(importMediaFile(saver, named(['hello, this is not a video\n'], 'notes.webm'), 'video'));
    expect(error.code).toBe('not-video');
    expect(error.message).toBe('“notes.webm” is not a video the studio can read (it is plain text). Pick a WebM or MP4 file (renaming a file does not change what is inside it).');
    expect(saver.saved).toEqual([]);
  });

  it('a PNG renamed .webm', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const error = await refusal(probeVideo(named([png], 'frame.webm')));
    expect(error.code).toBe('not-video');
    expect(error.message).toContain('(it looks like a PNG image)');
  });

  it('no files for an image sequence', async () => {
    const error = await refusal(importMediaFiles(recordingSaver(), [], 'image-sequence'));
    expect(error.code).toBe('bad-sequence');
    expect(error.message).toBe('No images were given for the image sequence. Pick or drop several image files at once.');
  });
});

describe('webcam messages', () => {
  it.each([
    ['NotAllowedError', 'any', webcamMessages.denied()],
    ['SecurityError', 'any', webcamMessages.denied()],
    ['NotFoundError', 'any', webcamMessages.noCamera('any')],
    ['OverconstrainedError', 'environment', 'No back (environment-facing) camera was found. Set Facing to “any”, or connect such a camera, then press Run again.'],
    ['NotReadableError', 'any', webcamMessages.busy()],
  ])('%s (facing %s) says what happened and what to do', (name, facing, message) => {
    expect(cameraErrorMessage(Object.assign(new Error('x'), { name }), facing)).toBe(message);
  });

  it('passes an unknown failure\'s own words through', () => {
    expect(cameraErrorMessage(new TypeError('boom'), 'any')).toBe(webcamMessages.failed('boom'));
  });
});
