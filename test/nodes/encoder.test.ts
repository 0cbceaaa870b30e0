import * as tf from '@tensorflow/tfjs';
import { BufferTarget, EncodedPacket, EncodedVideoPacketSource, Mp4OutputFormat, Output, WebMOutputFormat } from 'mediabunny';
import { describe, expect, it } from 'vitest';
import { NodeRegistry, Scheduler, emptyGraph } from '../../src/core';
import type { Graph, JsonValue } from '../../src/core';
import { builtInNodes } from '../../src/nodes';
import { encoder } from '../../src/nodes/encoder';
import { CONTAINER_CODECS, codecProblem, codecString } from '../../src/nodes/media/codecs';
import type { Container } from '../../src/nodes/media/codecs';
import { GRAPH_TAG, graphMetadataTags, readGraphFromVideo } from '../../src/nodes/media/graph-in-video';
import { KEPT_RECORDINGS, RECORDING_CHANNEL, RecordingStore } from '../../src/nodes/media/recordings';
import type { HostListener } from '../../src/core';
import type { Recording, RecordingEvent } from '../../src/nodes/media/recordings';

describe('codecs', () => {
  it('accepts VP9, VP8 and AV1 in WebM and H.264 and AV1 in MP4', () => {
    expect(CONTAINER_CODECS).toEqual({ webm: ['vp9', 'vp8', 'av1'], mp4: ['avc', 'av1'] });
    for (const [container, codecs] of Object.entries(CONTAINER_CODECS)) {
      for (const codec of codecs) expect(codecProblem(container as Container, codec)).toBeNull();
    }
  });

  it('refuses the other pairs with a message naming what would work', () => {
    expect(codecProblem('mp4', 'vp9')).toBe('VP9 cannot be written into MP4: choose H.264 or AV1, or switch the container');
    expect(codecProblem('webm', 'avc')).toBe('H.264 cannot be written into WEBM: choose VP9 or VP8 or AV1, or switch the container');
  });

  it('refuses odd frame sizes for H.264 only', () => {
    expect(codecProblem('mp4', 'avc', { width: 65, height: 64 })).toBe('H.264 needs an even width and height; the frame is 65×64');
    expect(codecProblem('webm', 'vp9', { width: 65, height: 63 })).toBeNull();
  });

  it('builds codec strings whose level grows with the frame size', () => {
    expect(codecString('vp8', 64, 64)).toBe('vp8');
    expect(codecString('vp9', 64, 64)).toBe('vp09.00.10.08');
    expect(codecString('vp9', 1920, 1080)).toBe('vp09.00.40.08');
    expect(codecString('av1', 256, 256)).toBe('av01.0.00M.08');
    expect(codecString('av1', 3840, 2160)).toBe('av01.0.12M.08');
    expect(codecString('avc', 64, 64)).toBe('avc1.640015');
    expect(codecString('avc', 1920, 1080)).toBe('avc1.640028');
  });
});

/** A small file with three fake packets and the given tags: enough for the metadata. */
async function muxedFile(container: Container, graphJson: string | undefined): Promise<Blob> {
  const output = new Output({
    format: container === 'webm' ? new WebMOutputFormat() : new Mp4OutputFormat({ metadataFormat: 'mdta' }),
    target: new BufferTarget(),
  });
  const source = new EncodedVideoPacketSource('av1');
  output.addVideoTrack(source, { frameRate: 30 });
  output.setMetadataTags(graphMetadataTags(container, graphJson, 'test'));
  await output.start();
  for (let i = 0; i < 3; i++) {
    const packet = new EncodedPacket(new Uint8Array([0x12, 0x00, 0x0a, 0x0b]), i === 0 ? 'key' : 'delta', i / 30, 1 / 30);
    await source.add(packet, i === 0 ? { decoderConfig: { codec: 'av01.0.00M.08', codedWidth: 16, codedHeight: 16 } } : undefined);
  }
  source.close();
  await output.finalize();
  return new Blob([output.target.buffer!]);
}

describe('readGraphFromVideo', () => {
  const json = `${JSON.stringify({ format: 'nfp-studio-graph', name: 'ünïcödé ✓ "quotes" \\ and\nnewlines', nodes: [] }, null, 2)}\n`;

  it.each(['webm', 'mp4'] as const)('gives back the graph written into a %s file byte for byte', async (container) => {
    expect(await readGraphFromVideo(await muxedFile(container, json))).toBe(json);
  });

  it('uses the tag names ffprobe shows', () => {
    expect(GRAPH_TAG).toEqual({ webm: 'NFP_STUDIO_GRAPH', mp4: 'com.nfp-studio.graph' });
    expect(graphMetadataTags('mp4', json, 'x').raw).toEqual({ 'com.nfp-studio.graph': json });
  });

  it('returns null for a video that carries no graph', async () => {
    expect(await readGraphFromVideo(await muxedFile('webm', undefined))).toBeNull();
  });

  it('rejects a file that is not a video, saying so', async () => {
    await expect(readGraphFromVideo(new Blob(['just some text, not a video']))).rejects.toThrow(/cannot read this file as a video/);
  });
});

describe('RecordingStore', () => {
  const recording = (nodeId: string, frames: number): Omit<Recording, 'id'> => ({
    nodeId, fileName: 'x.webm', mimeType: 'video/webm', blob: new Blob([]), container: 'webm', codec: 'vp9', codecString: 'vp09.00.10.08',
    width: 8, height: 8, fps: 30, frames, graphJson: null, graphVerified: false, warnings: [], pixelPath: 'readback', elapsedMs: 1,
  });

  it('numbers finished files, tells subscribers, and stops telling them once unsubscribed', () => {
    const store = new RecordingStore();
    const events: RecordingEvent[] = [];
    const unsubscribe = store.subscribe((e) => events.push(e));
    store.started('a', 'x.webm');
    const first = store.finished(recording('a', 3));
    unsubscribe();
    store.failed('a', 'boom');
    expect(first.id).toBe('rec-1');
    expect(events.map((e) => e.type)).toEqual(['recordingstarted', 'recordingfinished']);
    expect(store.get('rec-1')).toBe(first);
  });

  it('keeps only the newest files and finds the latest per node', () => {
    const store = new RecordingStore();
    for (let i = 0; i < KEPT_RECORDINGS + 2; i++) store.finished(recording(i % 2 === 0 ? 'a' : 'b', i));
    expect(store.list()).toHaveLength(KEPT_RECORDINGS);
    expect(store.list()[0]!.frames).toBe(2);
    expect(store.latest()!.frames).toBe(KEPT_RECORDINGS + 1);
    expect(store.latest('a')!.frames).toBe(KEPT_RECORDINGS);
    store.remove(store.latest()!.id);
    expect(store.list()).toHaveLength(KEPT_RECORDINGS - 1);
  });

  it('keeps what Encoder nodes publish on the host channel, giving finished files their ids', () => {
    const store = new RecordingStore();
    let send: HostListener = () => {};
    store.listen({ subscribe: (channel, listener) => { expect(channel).toBe(RECORDING_CHANNEL); send = listener; return () => {}; } });
    const events: RecordingEvent[] = [];
    store.subscribe((e) => events.push(e));
    send({ type: 'recordingstarted', fileName: 'x.webm' }, 'a');
    send({ type: 'recordingfinished', recording: recording('a', 3) }, 'a');
    send({ type: 'recordingfailed', message: 'boom' }, 'b');
    expect(events).toEqual([
      { type: 'recordingstarted', nodeId: 'a', fileName: 'x.webm' },
      { type: 'recordingfinished', recording: store.get('rec-1') },
      { type: 'recordingfailed', nodeId: 'b', message: 'boom' },
    ]);
  });
});

describe('Encoder node in the scheduler (node has no WebCodecs)', () => {
  function graph(params: Record<string, JsonValue>): Graph {
    return {
      ...emptyGraph('enc'),
      settings: { width: 16, height: 16, fps: 30 },
      nodes: [
        { id: 'src', type: 'solid-color', typeVersion: 1, params: { color: '#336699' }, position: { x: 0, y: 0 } },
        { id: 'rec', type: 'encoder', typeVersion: 1, params: { record: false, container: 'webm', codec: 'vp9', bitrate: 500, fps: 30, frames: 0, ...params }, position: { x: 200, y: 0 } },
      ],
      edges: [{ id: 'e', from: { node: 'src', port: 'frame' }, to: { node: 'rec', port: 'frame' } }],
    };
  }

  async function run(params: Record<string, JsonValue>, frames = 3) {
    const registry = new NodeRegistry();
    registry.registerAll(builtInNodes);
    const scheduler = new Scheduler({ tf, registry, nodeTiming: 'dispatch' });
    await scheduler.load(graph(params));
    // After the first frame the scheduler holds the cached source frame; from then on nothing may pile up.
    let ok = await scheduler.renderFrames(1);
    const before = tf.memory().numTensors;
    ok &&= await scheduler.renderFrames(frames);
    const result = { ok, stats: scheduler.nodeStats('rec'), tensorsAdded: tf.memory().numTensors - before };
    await scheduler.stop();
    return result;
  }

  it('is a volatile Output sink with one image input (frames, or upscaled images at their size)', () => {
    expect(encoder).toMatchObject({ type: 'encoder', category: 'Output', volatile: true, outputs: [] });
    expect(encoder.inputs).toEqual([{ name: 'frame', type: 'image', label: 'Frame' }]);
    expect(builtInNodes).toContain(encoder);
  });

  it('costs nothing and needs no WebCodecs while Record is off', async () => {
    const result = await run({ record: false });
    expect(result.ok).toBe(true);
    expect(result.stats?.status).toBe('ok');
    expect(result.tensorsAdded).toBe(0);
  });

  it('fails as a node error naming both when the codec does not fit the container', async () => {
    const result = await run({ container: 'mp4', codec: 'vp9' });
    expect(result.ok).toBe(false);
    expect(result.stats).toMatchObject({ status: 'error', message: 'could not start: VP9 cannot be written into MP4: choose H.264 or AV1, or switch the container' });
  });

  it('refuses a bad pair chosen while the loop runs (params change without a new create)', async () => {
    const registry = new NodeRegistry();
    registry.registerAll(builtInNodes);
    const scheduler = new Scheduler({ tf, registry, nodeTiming: 'dispatch' });
    await scheduler.load(graph({}));
    expect(await scheduler.renderFrames(1)).toBe(true);
    await scheduler.load(graph({ container: 'mp4' }));
    expect(await scheduler.renderFrames(1)).toBe(false);
    expect(scheduler.nodeStats('rec')).toMatchObject({ status: 'error', message: 'VP9 cannot be written into MP4: choose H.264 or AV1, or switch the container' });
    await scheduler.stop();
  });

  it('fails as a node error, not a crash, where there is no VideoEncoder', async () => {
    const result = await run({ record: true });
    expect(result.ok).toBe(false);
    expect(result.stats).toMatchObject({ status: 'error', message: 'this browser has no WebCodecs VideoEncoder, so it cannot record video' });
  });
});
