import { defineNode } from '../core';
import { BANDS, BandAnalyser, SILENCE, windowSize } from './audio/bands';
import type { Levels } from './audio/bands';
import { decodeClipAudio, loopedWindow, windowStart } from './audio/clip-audio';
import type { ClipAudio } from './audio/clip-audio';
import { followLevels, scaleLevels } from './audio/envelope';
import { Microphone, microphoneMessages } from './audio/microphone';
import { loadAssetFile } from './media/asset-file';

export const AUDIO_SOURCES = ['clip', 'microphone'] as const;

/**
 * The host channel an Audio node publishes each frame's values on (`ctx.host.publish`), for
 * meters in the app and for tests: an `AudioLevelsMessage`.
 */
export const AUDIO_LEVELS_CHANNEL = 'audio-levels';

/** One frame's output values, as the node's ports carry them, with the frame they belong to. */
export type AudioLevelsMessage = Levels & { readonly frame: number; readonly time: number };

interface AudioState {
  /** The clip param the sound was decoded for ('' = none). */
  clip: string;
  audio: ClipAudio | undefined;
  mic: Microphone | undefined;
  /** Set when the microphone stops by itself (unplugged, taken by another app). */
  micEnded: boolean;
  analyser: BandAnalyser | undefined;
  window: Float32Array<ArrayBuffer>;
  /** This frame's measurement (made in `prepare`), before gain and smoothing. */
  measured: Levels;
  /** The last output and the frame it was for: smoothing carries on only from the frame before. */
  last: { readonly frame: number; readonly time: number; readonly levels: Levels } | undefined;
}

/**
 * Follows sound as numbers: the overall level and three bands (bass 20–250 Hz, mid
 * 250 Hz–4 kHz, treble 4–16 kHz; see audio/bands.ts), each an RMS on the samples' scale
 * (a full-scale sine reads 0.707), times `gain`, smoothed by `attack` and `release`.
 *
 * - `clip`: the sound of a picked clip, decoded whole once (WebCodecs through mediabunny) and
 *   measured frame-exactly: graph frame n measures the ~40 ms window (2048 samples at 48 kHz)
 *   that starts at its time n / fps, looping past the clip's end. An offline render gives
 *   the same values every time, and the Encoder's soundtrack (same clip) plays exactly that
 *   sound under frame n.
 * - `microphone`: the live microphone (getUserMedia + Web Audio), the newest window each
 *   frame. Realtime by nature: a render of it cannot be repeated.
 *
 * Smoothing starts afresh whenever frames do not follow on (frame 0, a reset): frame n's
 * value depends only on frames 0…n, never on what ran before the reset.
 */
export const audio = defineNode({
  type: 'audio',
  version: 1,
  title: 'Audio',
  category: 'Modulation',
  description: 'Level and bass / mid / treble of a clip’s sound (frame-exact) or of the microphone, as numbers to wire into params.',
  volatile: true,
  // The state is decoded sound or an open microphone, not run state: Reset keeps it (and the
  // smoothing restarts by itself at frame 0).
  keepsStateOnReset: true,
  inputs: [],
  outputs: [
    { name: 'level', type: 'number', label: 'Level' },
    ...BANDS.map((band) => ({ name: band.name, type: 'number' as const, label: `${band.label} (${hz(band.low)}–${hz(band.high)})` })),
  ],
  params: {
    source: { kind: 'enum', label: 'Source', default: 'clip', options: AUDIO_SOURCES },
    clip: { kind: 'asset', label: 'Clip', default: '', accept: 'video' },
    gain: { kind: 'number', label: 'Gain', default: 1, min: 0, max: 100, step: 0.1 },
    attack: { kind: 'number', label: 'Attack', default: 0.01, min: 0, max: 5, step: 0.01, unit: 's' },
    release: { kind: 'number', label: 'Release', default: 0.2, min: 0, max: 10, step: 0.01, unit: 's' },
  },
  create: (): AudioState => ({
    clip: '', audio: undefined, mic: undefined, micEnded: false, analyser: undefined, window: new Float32Array(0), measured: SILENCE, last: undefined,
  }),
  prepare: async ({ state, params, assets, time }) => {
    if (params.source === 'microphone') {
      state.audio = undefined;
      state.clip = '';
      state.measured = await listen(state);
      return;
    }
    closeMicrophone(state);
    if (params.clip !== state.clip || (!state.audio && params.clip !== '')) {
      state.audio = undefined;
      state.clip = params.clip;
      if (params.clip === '') {
        state.measured = SILENCE;
        return;
      }
      state.audio = await decodeClipAudio(await loadAssetFile(assets, params.clip, 'the clip'), 'mono');
    }
    const sound = state.audio;
    if (!sound) {
      state.measured = SILENCE;
      return;
    }
    const analyser = analyserFor(state, windowSize(sound.sampleRate));
    state.measured = analyser.measure(loopedWindow(sound.channels[0]!, windowStart(time, sound.sampleRate), state.window), sound.sampleRate);
  },
  process: ({ state, params, frame, time, host }) => {
    const last = state.last;
    const target = scaleLevels(state.measured, params.gain);
    const levels = last && frame === last.frame + 1 ? followLevels(last.levels, target, time - last.time, params) : target;
    state.last = { frame, time, levels };
    host?.publish(AUDIO_LEVELS_CHANNEL, { ...levels, frame, time } satisfies AudioLevelsMessage);
    return levels;
  },
  dispose: (state) => {
    closeMicrophone(state);
    state.audio = undefined;
  },
});

/** Opens the microphone on first use and measures its newest window. */
async function listen(state: AudioState): Promise<Levels> {
  if (state.micEnded) {
    // Reported once; the next run asks for the microphone again.
    closeMicrophone(state);
    throw new Error(microphoneMessages.ended());
  }
  state.mic ??= await Microphone.open(() => { state.micEnded = true; });
  const mic = state.mic;
  const analyser = analyserFor(state, mic.size);
  mic.read(state.window);
  return analyser.measure(state.window, mic.sampleRate);
}

function analyserFor(state: AudioState, size: number): BandAnalyser {
  if (state.analyser?.size !== size) {
    state.analyser = new BandAnalyser(size);
    state.window = new Float32Array(size);
  }
  return state.analyser;
}

function closeMicrophone(state: AudioState): void {
  state.mic?.close();
  state.mic = undefined;
  state.micEnded = false;
}

function hz(value: number): string {
  return value >= 1000 ? `${value / 1000} kHz` : `${value} Hz`;
}
