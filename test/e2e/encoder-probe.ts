// ffprobe / ffmpeg checks of encoded files, for the encoder and render e2e tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/lib/app-server';
import { FFMPEG } from '../../scripts/lib/chromium';

export const VIDEO_DIR = path.join(ROOT, 'test-results', 'videos');

export function videoPath(name: string): string {
  mkdirSync(VIDEO_DIR, { recursive: true });
  return path.join(VIDEO_DIR, name);
}

export interface ProbedVideo {
  readonly codec: string;
  readonly width: number;
  readonly height: number;
  /** e.g. `30/1` */
  readonly frameRate: string;
  /** Frames ffprobe decoded and counted (`-count_frames`). */
  readonly frames: number;
  /** Container tags (format level), as ffprobe names them. */
  readonly tags: Readonly<Record<string, string>>;
}

function requireFfmpeg(): void {
  if (!existsSync(FFMPEG.binary)) throw new Error(`${FFMPEG.binary} is missing: install Debian's ffmpeg (apt-get install -y ffmpeg); the e2e setup does this when it runs as root`);
}

export function probeVideo(file: string): ProbedVideo {
  requireFfmpeg();
  const result = spawnSync('ffprobe', [
    '-v', 'error', '-count_frames', '-select_streams', 'v:0',
    '-show_entries', 'stream=codec_name,width,height,r_frame_rate,nb_read_frames:format_tags',
    '-of', 'json', file,
  ], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffprobe failed on ${file}: ${result.stderr}`);
  const json = JSON.parse(result.stdout) as { streams: Array<Record<string, string | number>>; format?: { tags?: Record<string, string> } };
  const stream = json.streams[0];
  if (!stream) throw new Error(`ffprobe found no video stream in ${file}`);
  return {
    codec: String(stream.codec_name),
    width: Number(stream.width),
    height: Number(stream.height),
    frameRate: String(stream.r_frame_rate),
    frames: Number(stream.nb_read_frames),
    tags: json.format?.tags ?? {},
  };
}

/** What `ffmpeg -v error` prints while decoding the whole file: empty when it decodes cleanly. */
export function decodeErrors(file: string): string {
  requireFfmpeg();
  const result = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  return `${result.status === 0 ? '' : `exit code ${result.status}\n`}${result.stderr}`.trim();
}

/** Extracts frame `index` as a PNG (for looking at). */
export function extractFrame(file: string, index: number, png: string): void {
  requireFfmpeg();
  const result = spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', file, '-vf', `select=eq(n\\,${index})`, '-frames:v', '1', png], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg could not extract frame ${index} of ${file}: ${result.stderr}`);
}
