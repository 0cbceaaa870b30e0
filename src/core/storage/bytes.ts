/** Byte helpers shared by the stores. No tfjs: weight data arrives as plain ArrayBuffers. */

const encoder = new TextEncoder();

/** Lowercase hex SHA-256 of `data`; WebCrypto exists in browsers and in Node ≥ 20. */
export async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', data);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Size of `text` as UTF-8, which is what it costs in storage and in a file. */
export function utf8Length(text: string): number {
  return encoder.encode(text).byteLength;
}

/** One buffer holding `parts` end to end (tfjs may split weights into several buffers). */
export function concatBuffers(parts: ArrayBuffer | readonly ArrayBuffer[]): ArrayBuffer {
  if (!Array.isArray(parts)) return parts as ArrayBuffer;
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(new Uint8Array(part), offset);
    offset += part.byteLength;
  }
  return out.buffer;
}

/**
 * `bytes` on a buffer of its own. Structured clone stores a typed array's whole underlying
 * buffer, so a frame that is a view into a larger buffer would otherwise store all of it.
 */
export function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}
