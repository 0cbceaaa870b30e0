import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { emptyGraph, NodeRegistry, Scheduler } from '../../src/core';
import type { JsonValue } from '../../src/core';
import { builtInNodes } from '../../src/nodes';
import { FrameZip, GRAPH_ENTRY, frameFileName, readZipEntry } from '../../src/nodes/media/frame-zip';

/** Stand-in PNG bytes: the zip stores them as they are, so any bytes do. */
const fakePng = (index: number, length = 40) => Uint8Array.from({ length }, (_, i) => (index * 31 + i) & 255);

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

describe('frame file names', () => {
  it('are zero-padded to five digits so they sort in frame order', () => {
    expect(frameFileName(0)).toBe('frame-00000.png');
    expect(frameFileName(42)).toBe('frame-00042.png');
    expect(frameFileName(123_456)).toBe('frame-123456.png');
  });
});

describe('FrameZip', () => {
  it('writes graph.json first, then the frames in order, byte for byte', async () => {
    const zip = new FrameZip('{"name":"loop ✓"}');
    for (let i = 0; i < 12; i++) zip.addFrame(fakePng(i));
    expect(zip.frames).toBe(12);
    const blob = zip.finish();
    expect(blob.type).toBe('application/zip');
    expect(blob.size).toBe(zip.bytes);
    const files = unzipSync(await bytesOf(blob));
    expect(Object.keys(files)).toEqual([GRAPH_ENTRY, ...Array.from({ length: 12 }, (_, i) => frameFileName(i))]);
    expect(strFromU8(files[GRAPH_ENTRY]!)).toBe('{"name":"loop ✓"}');
    for (let i = 0; i < 12; i++) expect(files[frameFileName(i)]).toEqual(fakePng(i));
  });

  it('leaves graph.json out when there is no graph', async () => {
    const zip = new FrameZip(undefined);
    zip.addFrame(fakePng(0));
    expect(Object.keys(unzipSync(await bytesOf(zip.finish())))).toEqual(['frame-00000.png']);
  });

  it('stays a valid zip when its bytes are gathered into several pieces', async () => {
    const zip = new FrameZip('{}');
    const big = (i: number) => new Uint8Array(3 * 1024 * 1024 + i).fill(i + 1);
    for (let i = 0; i < 4; i++) zip.addFrame(big(i));
    const files = unzipSync(await bytesOf(zip.finish()));
    // Buffer.equals: a deep equal over 12 MB of elements would take minutes.
    for (let i = 0; i < 4; i++) expect(Buffer.from(files[frameFileName(i)]!).equals(big(i))).toBe(true);
  });

  it('refuses frames once finished', () => {
    const zip = new FrameZip('{}');
    zip.finish();
    expect(() => zip.addFrame(fakePng(0))).toThrow(/already finished/);
  });
});

describe('readZipEntry', () => {
  it('reads one entry back without the rest of the file, deflated or stored', async () => {
    const zip = new FrameZip('{"graph":true}');
    zip.addFrame(fakePng(0));
    zip.addFrame(fakePng(1));
    const blob = zip.finish();
    expect(strFromU8((await readZipEntry(blob, GRAPH_ENTRY))!)).toBe('{"graph":true}');
    expect(await readZipEntry(blob, 'frame-00001.png')).toEqual(fakePng(1));
    expect(await readZipEntry(blob, 'frame-00002.png')).toBeNull();
  });

  it('reads zips made by other tools, comment included', async () => {
    const other = zipSync({ 'graph.json': new TextEncoder().encode('hi'), 'a.txt': [new Uint8Array([1, 2]), { level: 0 }] }, { comment: 'made elsewhere' });
    expect(strFromU8((await readZipEntry(new Blob([other]), 'graph.json'))!)).toBe('hi');
  });

  it('says so when the file is not a zip', async () => {
    await expect(readZipEntry(new Blob(['plain text, not a zip']), GRAPH_ENTRY)).rejects.toThrow(/not a zip file/);
  });
});

describe('Encoder with container png-zip', () => {
  function graph(params: Record<string, JsonValue>) {
    return {
      ...emptyGraph('png'),
      settings: { width: 8, height: 8, fps: 30 },
      nodes: [
        { id: 'src', type: 'solid-color', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
        { id: 'rec', type: 'encoder', typeVersion: 1, params: { record: false, container: 'png-zip', codec: 'avc', bitrate: 500, fps: 30, frames: 0, ...params }, position: { x: 200, y: 0 } },
      ],
      edges: [{ id: 'e', from: { node: 'src', port: 'frame' }, to: { node: 'rec', port: 'frame' } }],
    };
  }

  it('ignores the video codec: no container/codec error for a pair that only video would refuse', async () => {
    const registry = new NodeRegistry();
    registry.registerAll(builtInNodes);
    const scheduler = new Scheduler({ tf, registry });
    // H.264 with an odd size is refused for MP4; a PNG zip does not care.
    await scheduler.load({ ...graph({}), settings: { width: 7, height: 5, fps: 30 } });
    expect(await scheduler.step()).toBe(true);
    expect(scheduler.nodeStats('rec')?.status).toBe('ok');
    await scheduler.stop();
  });

  it('fails as a node error with a message where there is no OffscreenCanvas to encode PNGs', async () => {
    const registry = new NodeRegistry();
    registry.registerAll(builtInNodes);
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(graph({ record: true }));
    expect(await scheduler.step()).toBe(false);
    expect(scheduler.nodeStats('rec')?.message).toMatch(/no OffscreenCanvas, so it cannot write PNG frames; record WebM or MP4 instead/);
    await scheduler.stop();
  });
});
