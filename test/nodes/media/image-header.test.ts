import { afterEach, describe, expect, it, vi } from 'vitest';
import { readImageHeader } from '../../../src/nodes/media/image-header';
import { MAX_IMAGE_SIDE, probeImage } from '../../../src/nodes/media/probe';

const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const be16 = (n: number) => [(n >>> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, (n >>> 8) & 255];
const le32 = (n: number) => [...le16(n & 0xffff), ...le16(n >>> 16)];

/** The first 33 bytes of a PNG: signature and IHDR, which is all a header check reads. */
const pngHeader = (width: number, height: number) => bytes([0x89], 'PNG', [13, 10, 26, 10], be32(13), 'IHDR', be32(width), be32(height), [8, 2, 0, 0, 0], be32(0));

afterEach(() => vi.unstubAllGlobals());

describe('image headers', () => {
  it('reads the size of PNG, JPEG, GIF, WebP, BMP and AVIF files without decoding them', () => {
    expect(readImageHeader(pngHeader(640, 480))).toEqual({ format: 'png', width: 640, height: 480 });
    // SOI, an APP0 segment to skip, then SOF0: length, precision, height, width.
    expect(readImageHeader(bytes([0xff, 0xd8, 0xff, 0xe0], be16(6), 'JFIF', [0xff, 0xc0], be16(11), [8], be16(300), be16(400), [3]))).toEqual({ format: 'jpeg', width: 400, height: 300 });
    expect(readImageHeader(bytes('GIF89a', le16(32), le16(16), [0, 0, 0]))).toEqual({ format: 'gif', width: 32, height: 16 });
    expect(readImageHeader(bytes('BM', le32(0), le32(0), le32(54), le32(40), le32(20), le32(-10 >>> 0), [0, 0, 0, 0]))).toEqual({ format: 'bmp', width: 20, height: 10 });
    expect(readImageHeader(bytes('RIFF', le32(0), 'WEBP', 'VP8X', le32(10), [0, 0, 0, 0], [99, 0, 0], [49, 0, 0]))).toEqual({ format: 'webp', width: 100, height: 50 });
    expect(readImageHeader(bytes('RIFF', le32(0), 'WEBP', 'VP8 ', le32(10), [0, 0, 0, 0x9d, 0x01, 0x2a], le16(120), le16(60)))).toEqual({ format: 'webp', width: 120, height: 60 });
    expect(readImageHeader(bytes(be32(20), 'ftypavif', be32(0), 'mif1', be32(20), 'ispe', be32(0), be32(2000), be32(1000)))).toEqual({ format: 'avif', width: 2000, height: 1000 });
    expect(readImageHeader(bytes('just some text, no picture'))).toBeUndefined();
  });

  it('refuses a PNG whose header claims 100000×100000 before anything decodes it', async () => {
    const decode = vi.fn(() => Promise.reject(new Error('must not decode')));
    vi.stubGlobal('createImageBitmap', decode);
    const bomb = new File([pngHeader(100_000, 100_000), new Uint8Array(1000)], 'bomb.png', { type: 'image/png' });
    await expect(probeImage(bomb)).rejects.toMatchObject({
      code: 'too-big-frame',
      message: expect.stringContaining(`is 100000×100000; the studio takes pictures up to ${MAX_IMAGE_SIDE} pixels on a side`),
    });
    expect(decode).not.toHaveBeenCalled();
  });

  it('refuses a file whose size no header gives, before decoding it', async () => {
    const decode = vi.fn();
    vi.stubGlobal('createImageBitmap', decode);
    await expect(probeImage(new File(['<svg/>'], 'drawing.svg'))).rejects.toMatchObject({ code: 'not-image' });
    expect(decode).not.toHaveBeenCalled();
  });
});
