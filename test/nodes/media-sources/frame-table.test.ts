import { ALL_FORMATS, BufferSource, BufferTarget, EncodedPacket, EncodedVideoPacketSource, Input, Output, WebMOutputFormat } from 'mediabunny';
import { describe, expect, it } from 'vitest';
import { frameTable } from '../../../src/nodes/media/probe';
import { MediaInputError } from '../../../src/nodes/media/media-input-error';

/** A WebM holding `count` VP8 packets of placeholder bytes at 10 fps: muxing needs no encoder, and counting packets needs no decoder. */
async function packetsOnlyWebm(count: number): Promise<ArrayBuffer> {
  const output = new Output({ format: new WebMOutputFormat(), target: new BufferTarget() });
  const source = new EncodedVideoPacketSource('vp8');
  output.addVideoTrack(source, { frameRate: 10 });
  await output.start();
  for (let i = 0; i < count; i++) {
    const packet = new EncodedPacket(new Uint8Array([i & 255, 1, 2, 3]), i % 5 === 0 ? 'key' : 'delta', i / 10, 1 / 10);
    await source.add(packet, i === 0 ? { decoderConfig: { codec: 'vp8', codedWidth: 16, codedHeight: 16 } } : undefined);
  }
  await output.finalize();
  return output.target.buffer!;
}

async function tableOf(buffer: ArrayBuffer, cap?: number) {
  const input = new Input({ source: new BufferSource(buffer), formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryVideoTrack();
    return await frameTable(track!, 'clip.webm', cap);
  } finally {
    input.dispose();
  }
}

describe('frameTable', () => {
  it('lists one sorted timestamp per frame, and where the last frame ends', async () => {
    const table = await tableOf(await packetsOnlyWebm(23));
    expect(table.timestamps.length).toBe(23);
    expect(Array.from(table.timestamps).map((t) => Math.round(t * 10))).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(table.end).toBeCloseTo(2.3, 3);
  });

  it('refuses a clip with more frames than the cap, naming the cap and a way to trim', async () => {
    const error = await tableOf(await packetsOnlyWebm(11), 10).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MediaInputError);
    expect(error).toMatchObject({ code: 'too-many-frames', message: '“clip.webm” has more than 10 frames; the studio takes shorter clips. Trim it first (e.g. `ffmpeg -i in.webm -frames:v 10 out.webm`).' });
  });
});
