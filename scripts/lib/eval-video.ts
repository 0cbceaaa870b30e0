// --video DIR: each rollout the page makes comes over as raw RGB frames (window.__evalVideoFrames)
// and goes into its own ffmpeg, which writes a VP9 WebM a person can watch next to the numbers.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** Frames per second of the written videos: the rollouts have no clock of their own. */
const VIDEO_FPS = 24;

/** Writes the rollouts of one page into `dir` as `<prefix>-<rollout>.webm`; `finish` waits for every file. */
export class RolloutVideos {
  private readonly open = new Map<string, ChildProcessWithoutNullStreams>();
  private readonly writing: Array<Promise<void>> = [];
  readonly written: string[] = [];

  constructor(private readonly dir: string, private readonly prefix: string, private readonly log: (line: string) => void) {}

  /** Lets `page` hand its rollout frames over; call before the page runs a model. */
  async attach(page: Page): Promise<void> {
    await page.exposeFunction('__evalVideoFrames', (rollout: string, size: number, base64: string, count: number, done: boolean) =>
      this.frames(rollout, size, Buffer.from(base64, 'base64'), count, done));
  }

  private async frames(rollout: string, size: number, bytes: Buffer, count: number, done: boolean): Promise<void> {
    if (bytes.length !== count * size * size * 3) throw new Error(`rollout video ${rollout}: ${bytes.length} bytes for ${count} frames of ${size}×${size}`);
    let encoder = this.open.get(rollout);
    if (!encoder) {
      encoder = this.start(rollout, size);
      this.open.set(rollout, encoder);
    }
    if (!encoder.stdin.write(bytes)) await new Promise((resolve) => encoder.stdin.once('drain', resolve));
    if (done) {
      encoder.stdin.end();
      this.open.delete(rollout);
    }
  }

  private start(rollout: string, size: number): ChildProcessWithoutNullStreams {
    const file = path.join(this.dir, `${this.prefix}-${rollout.replace(/[^\w.-]+/g, '-')}.webm`);
    const encoder = spawn('ffmpeg', [
      '-y', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${size}x${size}`, '-r', String(VIDEO_FPS), '-i', '-',
      '-c:v', 'libvpx-vp9', '-lossless', '1', '-row-mt', '1', file,
    ]);
    let errors = '';
    encoder.stderr.on('data', (chunk: Buffer) => { errors += chunk.toString(); });
    this.writing.push(new Promise((resolve, reject) => {
      encoder.once('error', (error) => reject(new Error(`cannot run ffmpeg for ${file}: ${error.message}`)));
      encoder.once('close', (code) => {
        if (code !== 0) return reject(new Error(`ffmpeg could not write ${file}: ${errors.trim() || `exit code ${code}`}`));
        this.written.push(file);
        this.log(`wrote ${file}`);
        resolve();
      });
    }));
    return encoder;
  }

  /** Waits until every started video is written. @throws Error naming a video that failed. */
  async finish(): Promise<void> {
    for (const encoder of this.open.values()) encoder.stdin.end();
    this.open.clear();
    await Promise.all(this.writing);
  }
}
