// The Audio node and the Encoder's soundtrack in the built app, in Chromium: a clip's sound
// decoded with WebCodecs, measured frame-exactly (two offline renders give the same numbers),
// muxed under the recording for exactly as long as the video; the microphone through a fake
// device; and the messages for a clip without sound and a refused microphone.
import { rmSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/lib/chromium';
import { openStudio, recordingBytes, renderRecording, storeAssets } from '../../scripts/lib/studio-page';
import { emptyGraph } from '../../src/core';
import type { Graph, GraphNode, JsonValue } from '../../src/core';
import type { AudioLevelsMessage } from '../../src/nodes/audio';
import { BandAnalyser } from '../../src/nodes/audio/bands';
import { BEAT_SWITCH_SECONDS, makeAudioFixtures, probeAudio } from './audio-fixtures';
import type { AudioFixtures } from './audio-fixtures';
import { decodeErrors, probeVideo, videoPath } from './encoder-probe';

const baseUrl = inject('e2eBaseUrl');
const FPS = 30;
const FRAMES = 60;

let fixtures: AudioFixtures;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  fixtures = makeAudioFixtures();
  // A fake microphone (Chromium's beeping test device); permission is granted per context.
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: false, args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream'] });
  context = await browser.newContext();
  await context.grantPermissions(['microphone'], { origin: baseUrl });
  ({ page } = await openStudio(context, baseUrl, 'cpu'));
  await storeAssets(page, [fixtures.beat, fixtures.silent]);
});

afterAll(async () => {
  await browser?.close();
  if (fixtures) rmSync(fixtures.dir, { recursive: true, force: true });
});

function node(id: string, type: string, params: Record<string, JsonValue>, x: number): GraphNode {
  return { id, type, typeVersion: 1, params, position: { x, y: 0 } };
}

/** A procedural loop recorded with the beat clip's sound, and an Audio node following that clip. */
function beatGraph(encoder: Record<string, JsonValue> = {}, audio: Record<string, JsonValue> = {}): Graph {
  return {
    ...emptyGraph('Beat test'),
    settings: { width: 64, height: 64, fps: FPS },
    nodes: [
      node('source', 'train-window-source', { seed: 3 }, 0),
      node('preview', 'preview', {}, 300),
      node('rec', 'encoder', { record: true, container: 'webm', codec: 'vp9', bitrate: 300, fps: FPS, frames: FRAMES, soundtrack: fixtures.beat.sha256, ...encoder }, 300),
      node('audio', 'audio', { source: 'clip', clip: fixtures.beat.sha256, gain: 1, attack: 0, release: 0, ...audio }, 0),
    ],
    edges: [
      { id: 'e1', from: { node: 'source', port: 'frame' }, to: { node: 'preview', port: 'frame' } },
      { id: 'e2', from: { node: 'source', port: 'frame' }, to: { node: 'rec', port: 'frame' } },
    ],
  };
}

/** Renders `graph` offline, collecting what its Audio nodes publish each frame. */
async function renderWithLevels(graph: Graph) {
  await page.evaluate(() => {
    const w = window as { audioLevels?: unknown[]; stopAudioLevels?: () => void };
    w.audioLevels = [];
    w.stopAudioLevels = window.__studio!.scheduler.host.subscribe('audio-levels', (value) => w.audioLevels!.push(value));
  });
  try {
    const recording = await renderRecording(page, { graph, encoderId: 'rec', frames: FRAMES });
    const levels = await page.evaluate(() => (window as { audioLevels?: unknown[] }).audioLevels as AudioLevelsMessage[]);
    return { recording, levels };
  } finally {
    await page.evaluate(() => (window as { stopAudioLevels?: () => void }).stopAudioLevels?.());
  }
}

describe('Audio node and soundtrack, clip source', () => {
  it('measures the same values on every offline render, and the recording carries the clip\'s sound for exactly as long as its video', async () => {
    const runs = [];
    for (const run of [1, 2]) {
      const { recording, levels } = await renderWithLevels(beatGraph());
      expect(recording).toMatchObject({ frames: FRAMES, fps: FPS, warnings: [], soundtrack: { codec: 'opus', from: 'beat.webm', seconds: FRAMES / FPS, channels: 1, sampleRate: 48_000 } });
      const file = videoPath(`audio-beat-${run}.webm`);
      writeFileSync(file, await recordingBytes(page, recording.id));
      runs.push({ levels, file });
    }
    const [first, second] = runs as [typeof runs[0], typeof runs[0]];
    expect(first.levels.map((l) => l.frame)).toEqual(Array.from({ length: FRAMES }, (_, i) => i));
    expect(second.levels).toEqual(first.levels);

    // The clip's 60 Hz second reads as bass, its 5 kHz part as treble (through Opus, so roughly).
    const at = (seconds: number) => first.levels[Math.round(seconds * FPS)]!;
    expect(at(0.5).bass).toBeGreaterThan(0.3);
    expect(at(0.5).treble).toBeLessThan(0.02);
    expect(at(BEAT_SWITCH_SECONDS + 0.3).treble).toBeGreaterThan(0.3);
    expect(at(BEAT_SWITCH_SECONDS + 0.3).bass).toBeLessThan(0.02);

    expect(probeVideo(first.file)).toMatchObject({ codec: 'vp9', frames: FRAMES, frameRate: '30/1' });
    expect(decodeErrors(first.file)).toBe('');
    const sound = probeAudio(first.file);
    expect(sound).toMatchObject({ codec: 'opus', sampleRate: 48_000, channels: 1 });
    // As long as the video, give or take the last Opus packet (20 ms), which the encoder pads.
    expect(sound.seconds).toBeGreaterThanOrEqual(FRAMES / FPS - 0.001);
    expect(sound.seconds).toBeLessThan(FRAMES / FPS + 0.025);
    // It starts at the clip's 0 s, as the Audio node's reading did: 60 Hz first, 5 kHz after the switch.
    const analyser = new BandAnalyser(2048);
    const heard = (seconds: number) => analyser.measure(sound.samples.slice(Math.round(seconds * 48_000), Math.round(seconds * 48_000) + 2048), 48_000);
    expect(heard(0.5).bass).toBeGreaterThan(10 * heard(0.5).treble);
    expect(heard(BEAT_SWITCH_SECONDS + 0.3).treble).toBeGreaterThan(10 * heard(BEAT_SWITCH_SECONDS + 0.3).bass);
    // The same sound both times, sample for sample.
    expect(probeAudio(second.file).samples).toEqual(sound.samples);
  });

  it('writes the soundtrack into MP4 too (Opus where the browser has no AAC encoder), as long as a 20-frame recording', async () => {
    const { recording } = await renderWithLevels(beatGraph({ container: 'mp4', codec: 'avc', frames: 20 }));
    expect(recording).toMatchObject({ frames: 20, soundtrack: { seconds: 20 / FPS } });
    const file = videoPath('audio-beat.mp4');
    writeFileSync(file, await recordingBytes(page, recording.id));
    const sound = probeAudio(file);
    expect(['opus', 'aac']).toContain(sound.codec);
    expect(sound.codec).toBe(recording.soundtrack!.codec);
    expect(sound.seconds).toBeGreaterThanOrEqual(20 / FPS - 0.001);
    expect(sound.seconds).toBeLessThan(20 / FPS + 0.025);
    expect(decodeErrors(file)).toBe('');
  });

  it('stops the render with a clear message when the Audio node\'s clip has no sound', async () => {
    const graph = beatGraph({ soundtrack: '' }, { clip: fixtures.silent.sha256 });
    await expect(renderRecording(page, { graph, encoderId: 'rec', frames: 3 })).rejects.toThrow(
      '“silent.webm” (WebM) has no audio track, so there is no sound to use. Pick a clip with sound (`ffprobe` lists its streams), or set Source to “microphone”.',
    );
  });

  it('stops the render with a clear message when the Encoder\'s soundtrack has no sound', async () => {
    const graph = beatGraph({ soundtrack: fixtures.silent.sha256 });
    await expect(renderRecording(page, { graph, encoderId: 'rec', frames: 3 })).rejects.toThrow('“silent.webm” (WebM) has no audio track');
  });
});

/** Steps a graph of one Audio node on the microphone in realtime; its published values. */
async function listen(target: Page, frames: number): Promise<{ levels: AudioLevelsMessage[]; error?: string }> {
  return target.evaluate(async (count) => {
    const studio = window.__studio!;
    await studio.scheduler.pause();
    const graph = {
      format: 'nfp-studio-graph', version: 1, name: 'mic', settings: { width: 16, height: 16, fps: 30 }, models: [], plugins: [], edges: [],
      nodes: [{ id: 'mic', type: 'audio', typeVersion: 1, params: { source: 'microphone', clip: '', gain: 1, attack: 0, release: 0 }, position: { x: 0, y: 0 } }],
    };
    await studio.scheduler.load(graph as never);
    studio.scheduler.setMode('realtime');
    await studio.scheduler.reset();
    const levels: AudioLevelsMessage[] = [];
    const stop = studio.scheduler.host.subscribe('audio-levels', (value) => levels.push(value as AudioLevelsMessage));
    try {
      for (let i = 0; i < count; i++) {
        if (!(await studio.scheduler.step())) return { levels, error: studio.scheduler.nodeStats('mic')?.message ?? 'a frame failed' };
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return { levels };
    } finally {
      stop();
    }
  }, frames);
}

describe('Audio node, microphone source', () => {
  it('hears the (fake) microphone', async () => {
    const { levels, error } = await listen(page, 60);
    expect(error).toBeUndefined();
    expect(levels).toHaveLength(60);
    // Chromium's fake device beeps now and then: some window within 3 s has sound in it.
    expect(Math.max(...levels.map((l) => l.level))).toBeGreaterThan(0.01);
  });

  it('says that microphone access was denied when the permission is refused', async () => {
    const denied = await browser.newContext();
    try {
      const { page: deniedPage } = await openStudio(denied, baseUrl, 'cpu');
      const { error } = await listen(deniedPage, 1);
      expect(error).toBe('Microphone access was denied. Allow the microphone for this site (the microphone icon in the address bar, or the site settings), then press Run again.');
    } finally {
      await denied.close();
    }
  });
});
