import { AudioSampleSink } from 'mediabunny';
import type { AudioSample, InputAudioTrack } from 'mediabunny';
import { quoteName } from '../media/media-input-error';
import { openVideoInput, readerDetail } from '../media/probe';
import type { NamedBlob } from '../media/probe';

/**
 * A clip's sound, decoded whole: WebCodecs through mediabunny's `AudioSampleSink` (PCM in
 * WAV or Matroska is decoded by mediabunny itself, which lets node tests use it too).
 * Sample i of each channel plays at i / sampleRate seconds on the clip's timeline, so a
 * time maps to a sample without any decoder state: the same time always reads the same
 * samples, which is what makes the Audio node frame-exact.
 */
export interface ClipAudio {
  /** The file's name, for messages. */
  readonly name: string;
  readonly sampleRate: number;
  /** One array per kept channel, each `length` samples long. */
  readonly channels: readonly Float32Array[];
  readonly length: number;
}

/** Longest sound decoded: 10 minutes of 48 kHz stereo is 230 MB of floats. */
export const MAX_AUDIO_SECONDS = 600;

/** What the studio says about a clip whose sound it cannot use; `q` is the quoted file name. */
export const clipAudioMessages = {
  notMedia: (q: string) => `${q} is not a clip the studio can read, so it has no sound to use. Pick a WebM or MP4 file with an audio track.`,
  noAudioTrack: (q: string, container: string) =>
    `${q} (${container}) has no audio track, so there is no sound to use. Pick a clip with sound (\`ffprobe\` lists its streams), or set Source to “microphone”.`,
  unsupportedCodec: (q: string, codec: string) =>
    `${q} holds ${codec} sound, which this browser cannot decode. Re-encode its sound as Opus, e.g. \`ffmpeg -i in.mp4 -c:v libvpx-vp9 -c:a libopus out.webm\`, and pick that.`,
  tooLong: (q: string, seconds: number) =>
    `${q} has ${Math.round(seconds)} s of sound; the studio decodes up to ${MAX_AUDIO_SECONDS / 60} minutes. Trim it first (e.g. \`ffmpeg -i in.webm -t ${MAX_AUDIO_SECONDS} -c copy out.webm\`).`,
  empty: (q: string) => `${q} has an audio track with no sound in it (zero length). Export the clip again with its sound.`,
  corrupt: (q: string, detail: string) => `${q}'s sound could not be decoded (${detail}). Get the file again, or re-export it.`,
} as const;

/** A decode failure whose message is already written for the user. */
class ClipAudioError extends Error {
  override readonly name = 'ClipAudioError';
}

/**
 * Decodes the primary audio track of `file`. `mono` mixes every channel into one (what the
 * Audio node measures); `stereo` keeps the first two (left and right; a mono track stays mono),
 * which is what a recording's soundtrack carries.
 * @throws Error with a message for the user: not a clip, no audio track, a codec this browser
 *   cannot decode, longer than MAX_AUDIO_SECONDS, empty, or damaged.
 */
export async function decodeClipAudio(file: NamedBlob, layout: 'mono' | 'stereo'): Promise<ClipAudio> {
  const q = quoteName(file.name);
  const input = openVideoInput(file);
  try {
    const format = await input.getFormat().catch(() => { throw new ClipAudioError(clipAudioMessages.notMedia(q)); });
    const track = await input.getPrimaryAudioTrack();
    if (!track) throw new ClipAudioError(clipAudioMessages.noAudioTrack(q, format.name));
    const codec = await track.getCodec();
    if (!codec || !(await track.canDecode().catch(() => false))) throw new ClipAudioError(clipAudioMessages.unsupportedCodec(q, codec ?? (await track.getCodecParameterString()) ?? 'an unknown kind of'));
    const duration = await track.computeDuration();
    if (duration > MAX_AUDIO_SECONDS) throw new ClipAudioError(clipAudioMessages.tooLong(q, duration));
    const decoded = await decodeTrack(track, q, layout === 'mono' ? 1 : Math.min(2, await track.getNumberOfChannels()), duration);
    if (decoded.length === 0) throw new ClipAudioError(clipAudioMessages.empty(q));
    return { name: file.name, ...decoded };
  } catch (error) {
    if (error instanceof ClipAudioError) throw new Error(error.message);
    throw new Error(clipAudioMessages.corrupt(q, readerDetail(error)));
  } finally {
    input.dispose();
  }
}

async function decodeTrack(track: InputAudioTrack, q: string, kept: number, duration: number): Promise<Omit<ClipAudio, 'name'>> {
  let sampleRate = 0;
  let planes: Float32Array[] = [];
  let length = 0;
  let scratch = new Float32Array(0);
  const place = (sample: AudioSample): void => {
    if (sampleRate === 0) {
      sampleRate = sample.sampleRate;
      planes = Array.from({ length: kept }, () => new Float32Array(Math.ceil(duration * sampleRate) + 1));
    } else if (sample.sampleRate !== sampleRate) {
      throw new Error(`the sample rate changes from ${sampleRate} to ${sample.sampleRate} Hz mid-track`);
    }
    const frames = sample.numberOfFrames;
    const at = Math.round(sample.timestamp * sampleRate);
    // Samples before 0 s (codec priming) are not part of the clip's timeline.
    const skip = Math.max(0, -at);
    const end = at + frames;
    if (end > MAX_AUDIO_SECONDS * sampleRate) throw new ClipAudioError(clipAudioMessages.tooLong(q, end / sampleRate));
    if (end > planes[0]!.length) planes = planes.map((plane) => grow(plane, Math.max(end, Math.ceil(plane.length * 1.5))));
    if (scratch.length < frames) scratch = new Float32Array(frames);
    const channels = sample.numberOfChannels;
    for (let c = 0; c < channels; c++) {
      if (kept > 1 && c >= kept) break;
      sample.copyTo(scratch, { planeIndex: c, format: 'f32-planar', frameOffset: 0, frameCount: frames });
      const plane = planes[kept === 1 ? 0 : c]!;
      if (kept === 1 && c > 0) {
        for (let i = skip; i < frames; i++) plane[at + i] = plane[at + i]! + scratch[i]! / channels;
      } else {
        const mix = kept === 1 ? 1 / channels : 1;
        for (let i = skip; i < frames; i++) plane[at + i] = scratch[i]! * mix;
      }
    }
    length = Math.max(length, end);
  };
  for await (const sample of new AudioSampleSink(track).samples()) {
    try {
      place(sample);
    } finally {
      sample.close();
    }
  }
  return { sampleRate, channels: planes.map((plane) => plane.subarray(0, length)), length };
}

function grow(plane: Float32Array, size: number): Float32Array {
  const bigger = new Float32Array(size);
  bigger.set(plane);
  return bigger;
}

/** The first sample of the window that belongs to `seconds` on the clip's timeline (graph time n / fps). */
export function windowStart(seconds: number, sampleRate: number): number {
  return Math.round(seconds * sampleRate);
}

/**
 * Fills `out` with `samples` from index `start` on, wrapping past the end to the start: a
 * clip's sound loops, as the Video Source loops its pictures by default. Returns `out`.
 */
export function loopedWindow(samples: Float32Array, start: number, out: Float32Array): Float32Array {
  const length = samples.length;
  if (length === 0) return out.fill(0);
  let from = ((start % length) + length) % length;
  for (let i = 0; i < out.length; ) {
    const run = Math.min(out.length - i, length - from);
    out.set(samples.subarray(from, from + run), i);
    i += run;
    from = 0;
  }
  return out;
}
