// The README's picture and clip (docs/media/), remade by the previews command so they show
// the app as it is: a screenshot of the editor running the learned-loop example, opened the
// way a user opens it (Examples → Open), and that example's gallery preview as an animated
// WebP (GitHub shows animated WebP and GIF inline, not video files).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { ROOT } from './app-server';
import { openStudio } from './studio-page';

export const README_MEDIA_DIR = path.join(ROOT, 'docs/media');
export const EDITOR_SCREENSHOT = 'editor.png';
export const LOOP_CLIP = 'learned-loop.webp';

/** The example the README shows (an id of src/nodes/examples/index.ts and its gallery title). */
export const README_EXAMPLE = { id: 'train-window-generator', title: 'Train window generator (learned loop)' } as const;

/** Side of the clip in pixels: the 128 px preview doubled, sharp enough on a README page. */
const CLIP_SIDE = 256;

/**
 * Converts a WebM into a looping animated WebP, scaled to CLIP_SIDE (lossy, quality 70: a
 * 4 s clip stays a few hundred KB). Returns the bytes written.
 * @throws Error with ffmpeg's last lines when it fails.
 */
export function webmToAnimatedWebp(input: string, output: string): number {
  mkdirSync(path.dirname(output), { recursive: true });
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y', '-i', input,
    '-vf', `scale=${CLIP_SIDE}:${CLIP_SIDE}:flags=lanczos`,
    '-c:v', 'libwebp_anim', '-lossless', '0', '-quality', '70', '-compression_level', '6', '-loop', '0',
    output,
  ];
  const result = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  if (result.error) throw new Error(`could not run ffmpeg: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`ffmpeg could not make ${output} (exit code ${result.status}):\n${result.stderr.trim().split('\n').slice(-10).join('\n')}`);
  return statSync(output).size;
}

/**
 * Opens the app, opens the README's example through the Examples gallery, lets it run
 * `frames` frames and saves a screenshot of the whole editor (banners logged and dismissed).
 * Returns the bytes written.
 */
export async function screenshotEditor(context: BrowserContext, baseUrl: string, backend: string, file: string, frames: number, log: (line: string) => void): Promise<number> {
  const { page } = await openStudio(context, baseUrl, backend);
  try {
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    await page.getByRole('button', { name: `Open example “${README_EXAMPLE.title}”` }).click();
    await page.waitForFunction(() => document.querySelector('dialog[open]') === null, null, { timeout: 60_000 });
    // Counts frames from here: the counter may go on from the previous graph or start again at 0.
    await page.waitForFunction(
      (target) => {
        const seen = window as unknown as { __readmeBase?: number; __readmeLast?: number };
        const frame = Number(/Frame (\d+)/.exec(document.querySelector('[aria-label="Frame counter"]')?.textContent ?? '')?.[1] ?? 0);
        if (seen.__readmeBase === undefined || frame < (seen.__readmeLast ?? 0)) seen.__readmeBase = frame;
        seen.__readmeLast = frame;
        return frame - seen.__readmeBase >= target;
      },
      frames,
      { timeout: 600_000, polling: 250 },
    );
    // A banner (a load warning, a failed node) says something is wrong with the example, not
    // what the editor looks like: it is reported here and dismissed for the picture.
    for (const alert of await page.locator('.banner [role="alert"]').all()) {
      log(`warning: the editor showed "${((await alert.textContent()) ?? '').replace(/×$/, '').trim()}" (dismissed for the screenshot)`);
      await alert.getByRole('button', { name: 'Dismiss' }).click();
    }
    mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    return statSync(file).size;
  } finally {
    await page.close();
  }
}

/** The learned-loop preview the clip is made from, or undefined when it was never rendered. */
export function readmeClipSource(previewsDir: string): string | undefined {
  const file = path.join(previewsDir, `${README_EXAMPLE.id}.webm`);
  return existsSync(file) ? file : undefined;
}
