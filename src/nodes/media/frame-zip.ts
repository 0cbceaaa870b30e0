import { inflateSync, strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';

/**
 * A zip of numbered PNG frames, written as they come (fflate's streaming `Zip`): each frame
 * is appended once and dropped, so memory holds the finished zip bytes and nothing else.
 *
 * Layout: `graph.json` first (the graph that made the frames, deflated), then
 * `frame-00000.png`, `frame-00001.png`, … in frame order, stored as they are (PNG is
 * compressed already: deflating it again costs time and saves nothing).
 */

export const GRAPH_ENTRY = 'graph.json';
export const ZIP_MIME_TYPE = 'application/zip';
/** A classic zip holds fewer than 65,535 entries (0xFFFF means zip64 to readers); fflate writes no zip64. */
export const MAX_ZIP_FRAMES = 65_000;
/** Finished bytes are gathered into a Blob every this many bytes, so the browser can keep them out of the JS heap. */
const FOLD_BYTES = 8 * 1024 * 1024;

/** `frame-00042.png`: five digits, more once there are more frames than that. */
export function frameFileName(index: number): string {
  return `frame-${String(index).padStart(5, '0')}.png`;
}

export class FrameZip {
  readonly #zip: Zip;
  #parts: Uint8Array[] = [];
  #partBytes = 0;
  #blobs: Blob[] = [];
  #bytes = 0;
  #frames = 0;
  #error: Error | undefined;
  #finished = false;

  /** Starts the zip; `graphJson` (when given) becomes its first entry. */
  constructor(graphJson: string | undefined) {
    this.#zip = new Zip((error, chunk) => {
      if (error) {
        this.#error ??= error;
        return;
      }
      this.#parts.push(chunk);
      this.#partBytes += chunk.byteLength;
      this.#bytes += chunk.byteLength;
      if (this.#partBytes >= FOLD_BYTES) this.#fold();
    });
    if (graphJson !== undefined) {
      const entry = new ZipDeflate(GRAPH_ENTRY, { level: 6 });
      this.#zip.add(entry);
      entry.push(strToU8(graphJson), true);
    }
  }

  /** Frames added so far. */
  get frames(): number {
    return this.#frames;
  }

  /** Zip bytes written so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Appends one PNG as the next frame. @throws when the zip is full or finished. */
  addFrame(png: Uint8Array): void {
    this.#throwIfFailed();
    if (this.#finished) throw new Error('the zip is already finished');
    if (this.#frames >= MAX_ZIP_FRAMES) throw new Error(`a zip holds at most ${MAX_ZIP_FRAMES} frames`);
    const entry = new ZipPassThrough(frameFileName(this.#frames));
    this.#zip.add(entry);
    entry.push(png, true);
    this.#frames++;
  }

  /** Writes the central directory and returns the whole file. */
  finish(): Blob {
    this.#throwIfFailed();
    this.#finished = true;
    this.#zip.end();
    this.#throwIfFailed();
    this.#fold();
    const blob = new Blob(this.#blobs, { type: ZIP_MIME_TYPE });
    this.#blobs = [];
    return blob;
  }

  #fold(): void {
    if (this.#parts.length === 0) return;
    this.#blobs.push(new Blob(this.#parts as BlobPart[]));
    this.#parts = [];
    this.#partBytes = 0;
  }

  #throwIfFailed(): void {
    if (this.#error) throw new Error(`writing the zip failed: ${this.#error.message}`);
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * One entry of a zip, read straight from the Blob: the end record, the central directory and
 * that entry alone, never the whole file. Null when the zip has no entry `name`.
 * @throws Error when the Blob is not a zip this reader understands (zip64, damaged).
 */
export async function readZipEntry(blob: Blob, name: string): Promise<Uint8Array | null> {
  // The end record is the last 22 bytes, followed by a comment of up to 65,535 bytes.
  const tailStart = Math.max(0, blob.size - 22 - 65_535);
  const tail = await bytesOf(blob, tailStart, blob.size);
  let end = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (u32(tail, i) === EOCD) { end = i; break; }
  }
  if (end < 0) throw new Error('not a zip file: no end-of-central-directory record');
  const entries = u16(tail, end + 10);
  const directorySize = u32(tail, end + 12);
  const directoryOffset = u32(tail, end + 16);
  const directory = await bytesOf(blob, directoryOffset, directoryOffset + directorySize);
  const wanted = strToU8(name);
  for (let at = 0, i = 0; i < entries; i++) {
    if (u32(directory, at) !== CENTRAL) throw new Error('damaged zip: bad central directory entry');
    const method = u16(directory, at + 10);
    const compressedSize = u32(directory, at + 20);
    const nameLength = u16(directory, at + 28);
    const skip = nameLength + u16(directory, at + 30) + u16(directory, at + 32);
    const offset = u32(directory, at + 42);
    const entryName = directory.subarray(at + 46, at + 46 + nameLength);
    at += 46 + skip;
    if (entryName.length !== wanted.length || !entryName.every((b, k) => b === wanted[k])) continue;
    const header = await bytesOf(blob, offset, offset + 30);
    if (u32(header, 0) !== LOCAL) throw new Error('damaged zip: bad local header');
    const dataStart = offset + 30 + u16(header, 26) + u16(header, 28);
    const data = await bytesOf(blob, dataStart, dataStart + compressedSize);
    if (method === 0) return data;
    if (method === 8) return inflateSync(data);
    throw new Error(`zip entry "${name}" uses compression method ${method}, which this reader does not know`);
  }
  return null;
}

async function bytesOf(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

function u16(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}
