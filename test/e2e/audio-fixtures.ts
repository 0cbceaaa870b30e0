// Clips with sound for the Audio node and soundtrack tests, made with Debian's ffmpeg, and
// ffmpeg's reading of a recording's sound.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RenderAsset } from '../../scripts/lib/render-assets';

function ffmpeg(args: readonly string[]): void {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${result.stderr}`);
}

/** Where the sound of `beat.webm` changes from a 60 Hz sine to a 5 kHz sine. */
export const BEAT_SWITCH_SECONDS = 1.5;

export interface AudioFixtures {
  readonly dir: string;
  /** 3 s, VP8 64×48 at 10 fps, Opus mono 48 kHz: a 60 Hz sine until 1.5 s, then 5 kHz. */
  readonly beat: RenderAsset;
  /** The same pictures with no audio track. */
  readonly silent: RenderAsset;
}

function asset(file: string): RenderAsset {
  return { file, name: path.basename(file), sha256: createHash('sha256').update(readFileSync(file)).digest('hex'), kind: 'video' };
}

export function makeAudioFixtures(): AudioFixtures {
  const dir = mkdtempSync(path.join(tmpdir(), 'nfp-audio-'));
  const beat = path.join(dir, 'beat.webm');
  const silent = path.join(dir, 'silent.webm');
  const sound = `aevalsrc='if(lt(t,${BEAT_SWITCH_SECONDS}),0.5*sin(2*PI*60*t),0.5*sin(2*PI*5000*t))':s=48000:d=3`;
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=10', '-f', 'lavfi', '-i', sound, '-t', '3', '-c:v', 'libvpx', '-c:a', 'libopus', beat]);
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=10', '-t', '1', '-c:v', 'libvpx', silent]);
  return { dir, beat: asset(beat), silent: asset(silent) };
}

export interface ProbedAudio {
  readonly codec: string;
  readonly sampleRate: number;
  readonly channels: number;
  /** What ffmpeg decodes, mono 48 kHz float. */
  readonly samples: Float32Array;
  /** samples / 48000. */
  readonly seconds: number;
}

/** ffprobe's view of the first audio stream of `file` and ffmpeg's decode of it. */
export function probeAudio(file: string): ProbedAudio {
  const probe = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=codec_name,sample_rate,channels', '-of', 'json', file], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`ffprobe failed on ${file}: ${probe.stderr}`);
  const stream = (JSON.parse(probe.stdout) as { streams: Array<Record<string, string | number>> }).streams[0];
  if (!stream) throw new Error(`ffprobe found no audio stream in ${file}`);
  const decoded = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:a:0', '-ac', '1', '-ar', '48000', '-f', 'f32le', '-'], { maxBuffer: 256 * 1024 * 1024 });
  if (decoded.status !== 0) throw new Error(`ffmpeg could not decode the sound of ${file}: ${decoded.stderr.toString()}`);
  const bytes = decoded.stdout;
  const samples = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { codec: String(stream.codec_name), sampleRate: Number(stream.sample_rate), channels: Number(stream.channels), samples, seconds: samples.length / 48_000 };
}
