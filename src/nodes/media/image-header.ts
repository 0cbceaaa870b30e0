import { MediaInputError, mediaInputMessages as say, quoteName } from './media-input-error';

/** The size an image's header declares, and its format. */
export interface ImageHeader {
  readonly format: 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'avif';
  readonly width: number;
  readonly height: number;
}

/**
 * Bytes read to find the size. JPEG puts EXIF (with a thumbnail) and other APPn segments of up
 * to 64 KiB each before its frame header; AVIF's `ispe` box sits in the metadata at the front.
 */
export const IMAGE_HEADER_BYTES = 512 * 1024;

/**
 * Reads an image's width and height from its header, without decoding a pixel: PNG IHDR, JPEG
 * SOFn, GIF logical screen, WebP VP8/VP8L/VP8X, BMP info header, AVIF `ispe`. Undefined when the
 * bytes are none of these or the size lies past `head`.
 * @example
 * readImageHeader(new Uint8Array(await file.slice(0, IMAGE_HEADER_BYTES).arrayBuffer()));
 */
export function readImageHeader(head: Uint8Array): ImageHeader | undefined {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const at = (offset: number, text: string) => [...text].every((c, i) => head[offset + i] === c.charCodeAt(0));
  const fits = (end: number) => head.byteLength >= end;
  if (fits(24) && head[0] === 0x89 && at(1, 'PNG') && at(12, 'IHDR')) return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  if (fits(10) && (at(0, 'GIF87a') || at(0, 'GIF89a'))) return { format: 'gif', width: view.getUint16(6, true), height: view.getUint16(8, true) };
  if (fits(26) && at(0, 'BM')) return { format: 'bmp', width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
  if (fits(30) && at(0, 'RIFF') && at(8, 'WEBP')) return webpSize(head, view, at);
  if (fits(4) && head[0] === 0xff && head[1] === 0xd8) return jpegSize(head, view);
  if (fits(12) && at(4, 'ftyp') && (at(8, 'avif') || at(8, 'avis'))) return avifSize(head, view);
  return undefined;
}

/**
 * Checks a picture's header before anything decodes it: a small file can declare a huge
 * image (a decompression bomb) that `createImageBitmap` would allocate in full.
 * @throws MediaInputError `not-image` when the size cannot be read from the header,
 *   `too-big-frame` when a side is over `maxSide`.
 */
export async function checkImageHeader(file: Blob & { readonly name: string }, maxSide: number): Promise<ImageHeader> {
  const q = quoteName(file.name);
  const header = readImageHeader(new Uint8Array(await file.slice(0, IMAGE_HEADER_BYTES).arrayBuffer()));
  if (!header || header.width === 0 || header.height === 0) throw new MediaInputError('not-image', file.name, say.notImage(q));
  if (header.width > maxSide || header.height > maxSide) throw new MediaInputError('too-big-frame', file.name, say.tooBigFrame(q, header.width, header.height, maxSide));
  return header;
}

function webpSize(head: Uint8Array, view: DataView, at: (offset: number, text: string) => boolean): ImageHeader | undefined {
  if (at(12, 'VP8 ')) return { format: 'webp', width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  if (at(12, 'VP8L')) {
    const bits = view.getUint32(21, true);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (at(12, 'VP8X')) {
    const u24 = (offset: number) => head[offset]! | (head[offset + 1]! << 8) | (head[offset + 2]! << 16);
    return { format: 'webp', width: u24(24) + 1, height: u24(27) + 1 };
  }
  return undefined;
}

// Segments run marker (FF xx), big-endian length (which counts itself), payload; SOF0–SOF15
// (not DHT C4, JPG C8, DAC CC) hold precision, height, width.
function jpegSize(head: Uint8Array, view: DataView): ImageHeader | undefined {
  let offset = 2;
  while (offset + 9 <= head.byteLength) {
    if (head[offset] !== 0xff) return undefined;
    const marker = head[offset + 1]!;
    if (marker === 0xff) { offset += 1; continue; } // fill byte
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { format: 'jpeg', width: view.getUint16(offset + 7), height: view.getUint16(offset + 5) };
    }
    offset += 2 + view.getUint16(offset + 2);
  }
  return undefined;
}

// The image spatial extents property: box size, 'ispe', version/flags, width, height (big-endian).
// A grid image has one for the whole and one per tile: the largest is the one that counts.
function avifSize(head: Uint8Array, view: DataView): ImageHeader | undefined {
  let found: ImageHeader | undefined;
  for (let i = 4; i + 16 <= head.byteLength; i++) {
    if (head[i] !== 0x69 || head[i + 1] !== 0x73 || head[i + 2] !== 0x70 || head[i + 3] !== 0x65) continue;
    const width = view.getUint32(i + 8);
    const height = view.getUint32(i + 12);
    if (!found || width * height > found.width * found.height) found = { format: 'avif', width, height };
  }
  return found;
}
