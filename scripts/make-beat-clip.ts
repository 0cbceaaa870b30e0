/**
 * Makes the clip the "Beat loop" example ships with, public/examples/assets/beat-clip.webm,
 * with the system ffmpeg's procedural sources (no footage, nothing downloaded):
 *
 *   tsx scripts/make-beat-clip.ts
 *
 * Sound: a kick drum on every beat at 120 BPM (a sine gliding from 130 Hz down to 50 Hz as it
 * decays, so nearly all its energy is in the Audio node's bass band, 20–250 Hz) and a quiet
 * hi-hat tick between the beats (treble). Pictures: drifting coloured dots with a disc at the
 * centre that flashes with each kick, 128×128 at 30 fps, the example's frame rate, so a Video
 * Source shows the clip frame that belongs to the sound the Audio node measures.
 *
 * The example graph names the clip by its SHA-256. ffmpeg runs bitexact, so the same ffmpeg
 * makes the same bytes; another ffmpeg version may not: the script then says which hash to
 * put in src/nodes/examples/example-assets.ts and src/nodes/examples/beat-loop.graph.json.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beatClip } from '../src/nodes/examples/example-assets';

const OUT = path.resolve(import.meta.dirname, '../public', beatClip.path);
const SECONDS = 4;
const FPS = 30;
const SIZE = 128;
const BEAT = 60 / 120;

/** Seconds since the last beat, and how far into the beat (0…1). */
const sinceBeat = `mod(t,${BEAT})`;
// Kick: the phase of a sine whose frequency falls from 130 Hz to 50 Hz with a 40 ms time
// constant (∫ 50 + 80·e^(−τ/0.04) dτ), under a 150 ms decay.
const kick = `0.8*sin(2*PI*(50*${sinceBeat}+80*0.04*(1-exp(-${sinceBeat}/0.04))))*exp(-${sinceBeat}/0.15)`;
// Hi-hat: seeded white noise (ffmpeg's random(0) keeps its state in variable 0) for 15 ms after each off-beat.
const hat = `0.06*(2*random(0)-1)*exp(-mod(t-${BEAT / 2},${BEAT})/0.015)`;
const sound = `aevalsrc='${kick}+${hat}':s=48000:c=mono:d=${SECONDS}`;

// Pictures, per pixel (geq, with T in seconds): a drifting grid of coloured dots, which
// shows any zoom (a spiral would look the same zoomed as turned), and a warm disc at the centre
// that flashes with each kick and fades as it does. The picture does not move on the beat by
// itself, so what the Beat loop adds (the bass pushing its zoom, the dots flying out) shows.
const r = '(hypot(X-W/2,Y-H/2)/(W/2))';
const flash = `(exp(-mod(T,${BEAT})/0.15)*(1/(1+exp((${r}-0.25)*30))))`;
const dots = '(clip((sin(2*PI*X/40+T)*sin(2*PI*Y/40-0.7*T)-0.3)*3,0,1))';
const hue = (offset: number) => `(0.5+0.5*sin(2*PI*(X+Y)/W+0.5*T+${offset}))`;
const channel = (expression: string) => `'clip(255*(${expression}),0,255)'`;
const pictures = [
  `color=c=black:s=${SIZE}x${SIZE}:r=${FPS}:d=${SECONDS}`,
  'format=rgb24',
  `geq=r=${channel(`0.04+0.9*${dots}*${hue(0)}+${flash}`)}:g=${channel(`0.03+0.8*${dots}*${hue(2.1)}+0.8*${flash}`)}:b=${channel(`0.10+0.9*${dots}*${hue(4.2)}+0.4*${flash}`)}`,
].join(',');

mkdirSync(path.dirname(OUT), { recursive: true });
const ffmpeg = spawnSync('ffmpeg', [
  '-v', 'error', '-y',
  '-f', 'lavfi', '-i', pictures,
  '-f', 'lavfi', '-i', sound,
  '-t', String(SECONDS),
  '-c:v', 'libvpx-vp9', '-b:v', '150k', '-pix_fmt', 'yuv420p', '-row-mt', '0', '-threads', '1',
  '-c:a', 'libopus', '-b:a', '48k',
  '-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact',
  OUT,
], { encoding: 'utf8' });
if (ffmpeg.error || ffmpeg.status !== 0) {
  console.error(`make-beat-clip: ffmpeg failed: ${ffmpeg.error?.message ?? ffmpeg.stderr}`);
  process.exit(1);
}

const sha256 = createHash('sha256').update(readFileSync(OUT)).digest('hex');
console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${Math.round(statSync(OUT).size / 1024)} KB, SHA-256 ${sha256}`);
if (sha256 !== beatClip.sha256) {
  console.log(`the examples name ${beatClip.sha256}: put the new hash in src/nodes/examples/example-assets.ts and in the Audio, Video Source and Encoder params of src/nodes/examples/beat-loop.graph.json`);
}
