import { describe, expect, it } from 'vitest';
import { acceptFor, codecLabel, describeAsset, pickMany } from '../../../src/ui/media/asset-format';

describe('describeAsset', () => {
  it('sums up a probed clip: frames, size, codec, fps', () => {
    const meta = { container: 'WebM', codec: 'vp9', codecString: 'vp09.00.10.08', width: 256, height: 192, frames: 795, duration: 31.8, fps: 25, decodable: true };
    expect(describeAsset({ kind: 'video', mimeType: 'video/webm', meta })).toBe('795 frames · 256×192 · VP9 · 25 fps');
  });

  it('rounds a fractional frame rate and groups thousands', () => {
    const meta = { codec: 'avc', width: 1920, height: 1080, frames: 12_345, fps: 29.970_029_97 };
    expect(describeAsset({ kind: 'video', mimeType: 'video/mp4', meta })).toBe('12,345 frames · 1920×1080 · H.264 · 29.97 fps');
  });

  it('shows an image by size and format, and a sequence by image count', () => {
    expect(describeAsset({ kind: 'image', mimeType: 'image/png', meta: { width: 640, height: 480 } })).toBe('640×480 · PNG');
    expect(describeAsset({ kind: 'image-sequence', mimeType: 'application/json', meta: { images: 24, width: 64, height: 64 } })).toBe('24 images · 64×64');
    expect(describeAsset({ kind: 'image-sequence', mimeType: 'application/json', meta: { images: 1, width: 8, height: 8 } })).toBe('1 image · 8×8');
  });

  it('leaves out facts the import did not record', () => {
    expect(describeAsset({ kind: 'video', mimeType: 'video/webm' })).toBe('');
    expect(describeAsset({ kind: 'video', mimeType: 'video/webm', meta: { frames: 1, fps: Number.NaN } })).toBe('1 frame');
  });
});

describe('codecLabel', () => {
  it('names codecs the way people know them, from short names or codec strings', () => {
    expect(codecLabel('vp8')).toBe('VP8');
    expect(codecLabel('vp09.00.10.08')).toBe('VP9');
    expect(codecLabel('av01.0.04M.08')).toBe('AV1');
    expect(codecLabel('avc1.640014')).toBe('H.264');
    expect(codecLabel('hevc')).toBe('H.265');
    expect(codecLabel('prores')).toBe('prores');
  });
});

describe('pickers', () => {
  it('offer the readable containers for a clip and images otherwise; several only for a sequence', () => {
    expect(acceptFor('video')).toBe('video/webm,video/mp4,.webm,.mp4,.mov,.mkv');
    expect(acceptFor('image')).toBe('image/*');
    expect(acceptFor('image-sequence')).toBe('image/*');
    expect(pickMany('image-sequence')).toBe(true);
    expect(pickMany('video')).toBe(false);
  });
});
