import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultParams, memoryAssetSource } from '../../src/core';
import type { AssetInfo, NodeHost } from '../../src/core';
import { audio, AUDIO_LEVELS_CHANNEL } from '../../src/nodes/audio';
import type { AudioLevelsMessage } from '../../src/nodes/audio';
import { BandAnalyser } from '../../src/nodes/audio/bands';
import type { Levels } from '../../src/nodes/audio/bands';
import { loopedWindow } from '../../src/nodes/audio/clip-audio';
import { microphoneErrorMessage, microphoneMessages } from '../../src/nodes/audio/microphone';
import { bareContext } from '../helpers/node-context';
import { clipPath } from '../helpers/clips';
import { sineWave, wavFile } from './audio/wav';

const RATE = 48_000;
const FPS = 30;
const size = { width: 16, height: 16 };
const BASS_THEN_TREBLE = 'a'.repeat(64);
const NO_SOUND = 'b'.repeat(64);

/** One second of a 60 Hz sine, then one second of a 5 kHz sine. */
const mono = Float32Array.from([...sineWave(60, 0.5, 1, RATE), ...sineWave(5000, 0.5, 1, RATE)]);

function info(sha256: string, name: string, bytes: number): AssetInfo {
  return { sha256, name, kind: 'video', mimeType: 'video/webm', bytes, savedAt: 0 };
}

const wav = wavFile('beat.wav', [mono], RATE);
const box = new Blob([readFileSync(clipPath('box.webm'))]);
const assets = memoryAssetSource([[info(BASS_THEN_TREBLE, 'beat.wav', wav.size), wav], [info(NO_SOUND, 'box.webm', box.size), box]]);

/** A fresh Audio node (or `state`, kept as Reset keeps it), run over `frames`; its outputs. */
async function run(frames: readonly number[], params: Record<string, unknown> = {}, state?: unknown, host?: NodeHost): Promise<{ values: Levels[]; state: unknown }> {
  const all = { ...defaultParams(audio.params), clip: BASS_THEN_TREBLE, ...params } as never;
  const base = { nodeId: 'audio', params: all, size, ...bareContext({ assets }), ...(host ? { host } : {}) };
  const nodeState = (state ?? audio.create!(base)) as never;
  const values: Levels[] = [];
  for (const frame of frames) {
    const ctx = { ...base, state: nodeState, frame, time: frame / FPS };
    await audio.prepare!(ctx);
    values.push(audio.process({ ...ctx, inputs: {} }) as Levels);
  }
  return { values, state: nodeState };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sharp = { attack: 0, release: 0 };

describe('Audio node, clip source', () => {
  it('measures, for graph frame n, the window of the clip that starts at n / fps: frame-exact', async () => {
    const { values } = await run(range(60), sharp);
    const analyser = new BandAnalyser(2048);
    const window = new Float32Array(2048);
    values.forEach((value, n) => {
      expect(value).toEqual(analyser.measure(loopedWindow(mono, Math.round((n / FPS) * RATE), window), RATE));
    });
  });

  it('finds the 60 Hz second in the bass band and the 5 kHz second in the treble band', async () => {
    const { values } = await run(range(60), sharp);
    // Frame 10 (0.33 s) is all 60 Hz; frame 45 (1.5 s) all 5 kHz.
    expect(values[10]!.bass).toBeCloseTo(0.5 / Math.SQRT2, 2);
    expect(values[10]!.treble).toBeLessThan(0.001);
    expect(values[45]!.treble).toBeCloseTo(0.5 / Math.SQRT2, 2);
    expect(values[45]!.bass).toBeLessThan(0.001);
  });

  it('gives the same values on every run, and again after a reset that keeps its state', async () => {
    const first = await run(range(40));
    const second = await run(range(40));
    expect(second.values).toEqual(first.values);
    const again = await run(range(40), {}, first.state);
    expect(again.values).toEqual(first.values);
  });

  it('loops the sound past the clip\'s end', async () => {
    const { values } = await run([10, 70], sharp);
    expect(values[1]).toEqual(values[0]);
  });

  it('multiplies every value by the gain', async () => {
    const [plain] = (await run([10], sharp)).values;
    const [loud] = (await run([10], { ...sharp, gain: 2 })).values;
    for (const key of ['level', 'bass', 'mid', 'treble'] as const) expect(loud![key]).toBeCloseTo(2 * plain![key], 12);
  });

  it('rises with the attack and falls with the release, frame by frame', async () => {
    // Frames 20…40 cross from bass to treble at frame 30: bass falls slowly, treble rises fast.
    const { values } = await run(range(41), { attack: 0.01, release: 0.5 });
    const bassBefore = values[28]!.bass;
    expect(values[32]!.bass).toBeGreaterThan(0.5 * bassBefore);
    expect(values[32]!.bass).toBeLessThan(bassBefore);
    expect(values[32]!.treble).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it('outputs silence with no clip picked', async () => {
    const { values } = await run([0, 1], { clip: '' });
    expect(values).toEqual([{ level: 0, bass: 0, mid: 0, treble: 0 }, { level: 0, bass: 0, mid: 0, treble: 0 }]);
  });

  it('publishes each frame\'s values on its host channel', async () => {
    const published: Array<[string, unknown]> = [];
    const host: NodeHost = { publish: (channel, value) => published.push([channel, value]), requestPause: () => undefined, runningGraph: () => undefined };
    const { values: [first, second] } = await run([0, 1], sharp, undefined, host);
    expect(published).toEqual([
      [AUDIO_LEVELS_CHANNEL, { ...first!, frame: 0, time: 0 } satisfies AudioLevelsMessage],
      [AUDIO_LEVELS_CHANNEL, { ...second!, frame: 1, time: 1 / FPS } satisfies AudioLevelsMessage],
    ]);
  });

  it('fails with a clear message for a clip that has no audio track', async () => {
    await expect(run([0], { clip: NO_SOUND })).rejects.toThrow('“box.webm” (WebM) has no audio track, so there is no sound to use.');
  });
});

describe('Audio node, microphone source', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says the page must be secure when it is not', async () => {
    vi.stubGlobal('window', { isSecureContext: false });
    await expect(run([0], { source: 'microphone' })).rejects.toThrow(microphoneMessages.insecure());
  });

  it('says the browser offers no microphone where getUserMedia is missing', async () => {
    vi.stubGlobal('navigator', {});
    await expect(run([0], { source: 'microphone' })).rejects.toThrow(microphoneMessages.noApi());
  });

  it('tells denied permission, a missing device and a busy device apart', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    expect(microphoneErrorMessage(named('NotAllowedError'))).toBe(microphoneMessages.denied());
    expect(microphoneErrorMessage(named('NotFoundError'))).toBe(microphoneMessages.noDevice());
    expect(microphoneErrorMessage(named('NotReadableError'))).toBe(microphoneMessages.busy());
    expect(microphoneErrorMessage(named('TypeError'))).toBe(microphoneMessages.failed('x'));
  });
});
