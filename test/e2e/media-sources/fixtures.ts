// Test files for the media-source e2e tests, made with Debian's ffmpeg into a temporary
// folder: the shared clips, and one file for every way an import can go wrong.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { clipsDir } from '../../helpers/clips';

export const CLIPS = clipsDir();

function ffmpeg(args: readonly string[]): void {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${result.stderr}`);
}

/** Makes every fixture; returns the folder. Names are what the page fetches as /__fixtures/<name>. */
export function makeFixtures(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nfp-media-'));
  const at = (name: string) => path.join(dir, name);
  for (const clip of ['pedestrians.webm', 'box.webm']) copyFileSync(path.join(CLIPS, clip), at(clip));
  const pedestrians = readFileSync(at('pedestrians.webm'));
  writeFileSync(at('truncated.webm'), pedestrians.subarray(0, Math.floor(pedestrians.length / 2)));
  writeFileSync(at('notes.webm'), 'These are my notes for the shoot, not a video.\n');
  writeFileSync(at('empty.webm'), '');
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=64x48', '-frames:v', '1', at('frame.png')]);
  copyFileSync(at('frame.png'), at('frame-renamed.webm'));
  ffmpeg(['-f', 'lavfi', '-i', 'sine=d=1', at('audio-only.webm')]);
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=10', '-t', '0.3', '-c:v', 'prores_ks', at('prores.mov')]);
  // A VP9 track header with no frames after it (ffmpeg's own probe calls it damaged, too).
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=10', '-frames:v', '0', '-c:v', 'libvpx-vp9', at('zero-frames.webm')]);
  // Wider than the 4096-pixel cap (VP9 itself would take it).
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=4112x16', '-frames:v', '1', '-c:v', 'libvpx-vp9', at('huge-frame.webm')]);
  // Image sequence members named out of natural order, each one flat colour.
  ffmpeg(['-f', 'lavfi', '-i', 'color=c=red:s=64x48', '-frames:v', '1', at('shot1.png')]);
  ffmpeg(['-f', 'lavfi', '-i', 'color=c=lime:s=64x48', '-frames:v', '1', at('shot2.png')]);
  ffmpeg(['-f', 'lavfi', '-i', 'color=c=blue:s=64x48', '-frames:v', '1', at('shot10.png')]);
  ffmpeg(['-f', 'lavfi', '-i', 'color=c=white:s=128x32', '-frames:v', '1', at('wide.png')]);
  return dir;
}

/**
 * ffmpeg's decode of frames `first…last` of `file` as packed RGB, at the clip's own size.
 * `matrix` picks the YUV→RGB matrix ffmpeg assumes for a file that states none; the shared
 * clips state none, and Chromium's pictures of them come closest to ffmpeg's with BT.709
 * (mean |Δ| 1.57 against 1.69 with BT.601 on pedestrians.webm frame 400).
 */
export function ffmpegFrames(file: string, first: number, last: number, width: number, height: number, matrix: 'bt601' | 'bt709' = 'bt601'): Uint8Array[] {
  const result = spawnSync('ffmpeg', [
    '-v', 'error', '-i', file,
    '-vf', `select=between(n\\,${first}\\,${last}),scale=in_color_matrix=${matrix}:in_range=tv:out_range=pc`,
    '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-',
  ], { maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`ffmpeg could not decode frames ${first}…${last} of ${file}: ${result.stderr.toString()}`);
  const bytes = width * height * 3;
  const frames: Uint8Array[] = [];
  for (let i = 0; i < last - first + 1; i++) frames.push(new Uint8Array(result.stdout.buffer, result.stdout.byteOffset + i * bytes, bytes));
  if (frames.length * bytes !== result.stdout.length) throw new Error(`expected ${frames.length} frames from ffmpeg, got ${result.stdout.length / bytes}`);
  return frames;
}

/** Mean absolute difference, 0…255, between an RGBA picture and a packed RGB one of the same size. */
export function meanAbsDiff(rgba: ArrayLike<number>, rgb: Uint8Array): number {
  let sum = 0;
  const pixels = rgb.length / 3;
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) sum += Math.abs(rgba[p * 4 + c]! - rgb[p * 3 + c]!);
  }
  return sum / (pixels * 3);
}
