import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeClipAudio, loopedWindow, windowStart } from '../../../src/nodes/audio/clip-audio';
import { clipPath } from '../../helpers/clips';
import { sineWave, wavFile } from './wav';

const RATE = 48_000;

describe('decodeClipAudio', () => {
  it('decodes a clip\'s sound sample for sample, on the clip\'s timeline', async () => {
    const tone = sineWave(60, 0.5, 0.5, RATE);
    const audio = await decodeClipAudio(wavFile('tone.wav', [tone], RATE), 'mono');
    expect(audio).toMatchObject({ name: 'tone.wav', sampleRate: RATE, length: tone.length });
    expect(audio.channels).toHaveLength(1);
    expect(audio.channels[0]).toEqual(tone);
  });

  it('mixes every channel into one for `mono` and keeps left and right for `stereo`', async () => {
    const left = sineWave(60, 0.5, 0.1, RATE);
    const right = sineWave(5000, 0.25, 0.1, RATE);
    const file = wavFile('stereo.wav', [left, right], RATE);
    const mono = await decodeClipAudio(file, 'mono');
    expect(mono.channels).toHaveLength(1);
    mono.channels[0]!.forEach((v, i) => expect(v).toBeCloseTo((left[i]! + right[i]!) / 2, 6));
    const stereo = await decodeClipAudio(file, 'stereo');
    expect(stereo.channels).toEqual([left, right]);
  });

  it('keeps a mono track mono for `stereo`', async () => {
    const audio = await decodeClipAudio(wavFile('mono.wav', [sineWave(440, 0.1, 0.05, RATE)], RATE), 'stereo');
    expect(audio.channels).toHaveLength(1);
  });

  it('says that a clip without an audio track has no sound, naming the file', async () => {
    const clip = new File([readFileSync(clipPath('box.webm'))], 'box.webm');
    await expect(decodeClipAudio(clip, 'mono')).rejects.toThrow(
      '“box.webm” (WebM) has no audio track, so there is no sound to use. Pick a clip with sound (`ffprobe` lists its streams), or set Source to “microphone”.',
    );
  });

  it('says that a file which is not a clip is not one', async () => {
    const notes = new File(['these are my notes'], 'notes.webm');
    await expect(decodeClipAudio(notes, 'mono')).rejects.toThrow('“notes.webm” is not a clip the studio can read, so it has no sound to use. Pick a WebM or MP4 file with an audio track.');
  });
});

describe('windows on the clip\'s timeline', () => {
  it('starts the window for a time at that time\'s sample, rounded', () => {
    expect(windowStart(0, RATE)).toBe(0);
    expect(windowStart(7 / 30, RATE)).toBe(11_200);
    expect(windowStart(1 / 30, 44_100)).toBe(1470);
  });

  it('reads samples from the start index on and wraps past the end (the sound loops)', () => {
    const samples = Float32Array.from([0, 1, 2, 3, 4]);
    expect(Array.from(loopedWindow(samples, 1, new Float32Array(3)))).toEqual([1, 2, 3]);
    expect(Array.from(loopedWindow(samples, 3, new Float32Array(7)))).toEqual([3, 4, 0, 1, 2, 3, 4]);
    expect(Array.from(loopedWindow(samples, 12, new Float32Array(2)))).toEqual([2, 3]);
    expect(Array.from(loopedWindow(new Float32Array(0), 0, new Float32Array(2).fill(9)))).toEqual([0, 0]);
  });
});
