import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BundleError, unzipWithinBudget } from '../../../src/core';

const MiB = 1024 * 1024;

let bomb: Uint8Array | undefined;

/** A real zip bomb in small: four entries of 16 MiB of zeros, ~64 KiB packed, 64 MiB unpacked. */
function zipBomb(): Uint8Array {
  const zeros = new Uint8Array(16 * MiB);
  bomb ??= zipSync({ 'a.bin': zeros, 'b.bin': zeros, 'c.bin': zeros, 'd.bin': zeros }, { level: 9 });
  return bomb;
}

/** The same bomb with every declared size rewritten to 1 KiB, so only the real output tells. */
function lyingZipBomb(): Uint8Array {
  const zip = zipBomb().slice();
  const view = new DataView(zip.buffer);
  for (let i = 0; i + 4 <= zip.byteLength; i++) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50) view.setUint32(i + 22, 1024, true); // local header: uncompressed size
    if (signature === 0x02014b50) view.setUint32(i + 24, 1024, true); // central directory: uncompressed size
  }
  return zip;
}

describe('unzipWithinBudget', () => {
  it('refuses a zip bomb from the sizes its directory declares, before inflating anything', () => {
    expect(zipBomb().byteLength).toBeLessThan(MiB);
    expect(() => unzipWithinBudget(zipBomb(), 16 * MiB, '“bomb.nfp.zip”')).toThrow(new BundleError('too-large', '“bomb.nfp.zip” would unpack to more than 16 MiB; refused. Nothing was imported.'));
  });

  it('refuses a zip bomb whose declared sizes lie by counting the bytes it really inflates', () => {
    const liar = lyingZipBomb();
    let declared = 0;
    unzipSync(liar, { filter: (f) => { declared += f.originalSize; return false; } });
    expect(declared).toBe(4 * 1024);
    const error = (() => { try { unzipWithinBudget(liar, 16 * MiB, '“liar.nfp.zip”'); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(BundleError);
    expect(error).toMatchObject({ code: 'too-large', message: '“liar.nfp.zip” would unpack to more than 16 MiB; refused. Nothing was imported.' });
  });

  it('unpacks an honest zip within the budget to exactly what unzipSync gives', () => {
    const files = { 'bundle.json': strToU8('{"a":1}'), 'models/w.bin': new Uint8Array(100_000).map((_, i) => (i * 7919) % 251), 'empty.txt': new Uint8Array(0) };
    const zip = zipSync(files);
    expect(unzipWithinBudget(zip, MiB)).toEqual(unzipSync(zip));
  });

  it('says when the bytes are no zip at all', () => {
    expect(() => unzipWithinBudget(strToU8('just text'), MiB, 'notes.txt')).toThrow('notes.txt is not a zip file, so it is no graph bundle.');
  });
});
