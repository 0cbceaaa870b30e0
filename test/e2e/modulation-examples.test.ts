import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { beatClip } from '../../src/nodes/examples/example-assets';
import { probeAudio } from './audio-fixtures';
import { CONDITION_MS, launchBrowser } from './browser';
import { eventually, graphOf, openStudio } from './editor-page';
import { probeVideo, videoPath } from './encoder-probe';
import { E2E_DIST } from './global-setup';
import { frameHashes, render } from './render-command';

// The examples of docs/modulation.md, rendered as a user renders them: every number that moves
// them is a function of the frame (Keyframes, LFO, seeded Noise, a clip's sound), so two renders
// must give the same pictures. Few frames at 64×64 keep each render short on SwiftShader.
const FRAMES = 24;
const TIMEOUT_MS = 360_000;

/** Renders `graph` into `name` twice, side by side (each in its own browser), and returns each file's per-frame hashes. */
async function renderTwice(graph: string, name: string): Promise<{ files: string[]; hashes: string[][]; stdout: string }> {
  const files = [1, 2].map((run) => videoPath(`${name}-${run}.webm`));
  for (const file of files) rmSync(file, { force: true });
  const runs = await Promise.all(files.map((out) => render([graph, '--frames', String(FRAMES), '--out', out, '--size', '64x64', '--dist', E2E_DIST])));
  for (const run of runs) expect(run.code, run.stdout + run.stderr).toBe(0);
  return { files, hashes: files.map(frameHashes), stdout: runs[0]!.stdout };
}

/** Root mean square of `samples` from `from` to `to` seconds, at 48 kHz. */
function rms(samples: Float32Array, from: number, to: number): number {
  const part = samples.subarray(Math.round(from * 48_000), Math.round(to * 48_000));
  return Math.sqrt(part.reduce((sum, s) => sum + s * s, 0) / part.length);
}

describe('modulation examples, rendered with npm run render', () => {
  it('"Zoom tunnel" gives byte-identical frames twice, and they move', async () => {
    const { hashes } = await renderTwice('src/nodes/examples/zoom-tunnel.graph.json', 'zoom-tunnel');
    expect(hashes[0]).toHaveLength(FRAMES);
    expect(hashes[1]).toEqual(hashes[0]);
    // Not a still (or black) picture: the zoom, the turn and the grain change every frame.
    expect(new Set(hashes[0]).size).toBe(FRAMES);
  }, TIMEOUT_MS);

  it('"Beat loop" gives byte-identical frames twice, with its clip\'s kick drum under them for exactly as long', async () => {
    const { files, hashes, stdout } = await renderTwice('src/nodes/examples/beat-loop.graph.json', 'beat-loop');
    // The clip ships with the app: the command finds it without --asset.
    expect(stdout).toContain('note: using the example clip public/examples/assets/beat-clip.webm');
    expect(hashes[0]).toHaveLength(FRAMES);
    expect(hashes[1]).toEqual(hashes[0]);
    expect(new Set(hashes[0]).size).toBeGreaterThan(FRAMES / 2);

    expect(probeVideo(files[0]!)).toMatchObject({ codec: 'vp9', width: 64, height: 64, frames: FRAMES });
    const sound = probeAudio(files[0]!);
    expect(sound.codec).toBe('opus');
    // frames / fps, give or take the last 20 ms Opus packet.
    expect(sound.seconds).toBeGreaterThanOrEqual(FRAMES / 30 - 0.001);
    expect(sound.seconds).toBeLessThan(FRAMES / 30 + 0.025);
    // The clip's sound from its start: a kick on the first beat (0 s), decayed well before the next (0.5 s).
    expect(rms(sound.samples, 0, 0.1)).toBeGreaterThan(0.1);
    expect(rms(sound.samples, 0, 0.1)).toBeGreaterThan(3 * rms(sound.samples, 0.35, 0.48));
  }, TIMEOUT_MS);
});

describe('opening "Beat loop" from the Examples dialog', () => {
  it('stores the clip the example ships with, so its Audio node hears the kick on a fresh browser', async () => {
    const browser = await launchBrowser();
    try {
      const page = await openStudio(browser);
      const stored = () => page.evaluate((sha256) => window.__studio!.storage!.info(sha256).then((info) => info?.name), beatClip.sha256);
      expect(await stored()).toBeUndefined();
      await page.getByRole('button', { name: 'Examples', exact: true }).click();
      await page.getByRole('button', { name: 'Open example “Beat loop”' }).click();
      await eventually(async () => (await graphOf(page)).name).toBe('Beat loop');
      expect(await stored()).toBe('beat-clip.webm');
      // The loop runs on: the Audio node decoded the clip and its bass reaches a kick's level.
      await page.waitForFunction(() => {
        const stats = window.__studio!.scheduler.nodeStats('sound');
        const zoom = window.__studio!.scheduler.liveParams('warp')?.['zoom']?.value ?? 1;
        return stats?.status === 'ok' && zoom > 1.05;
      }, undefined, { timeout: CONDITION_MS, polling: 50 });
      expect(browser.consoleErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, TIMEOUT_MS);
});
