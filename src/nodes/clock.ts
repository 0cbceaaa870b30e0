import { defineNode } from '../core';

/**
 * The loop's own time as numbers: the frame counter, seconds (frame / fps, the same in
 * realtime and offline renders), and a beat count from a tempo, for moves on the beat.
 */
export const clock = defineNode({
  type: 'clock',
  version: 1,
  title: 'Clock',
  category: 'Modulation',
  description: 'Frame number, seconds, beat count and the phase within the beat (0…1) at a tempo in BPM.',
  volatile: true,
  inputs: [],
  outputs: [
    { name: 'frame', type: 'number', label: 'Frame' },
    { name: 'seconds', type: 'number', label: 'Seconds' },
    { name: 'beat', type: 'number', label: 'Beat' },
    { name: 'beatPhase', type: 'number', label: 'Beat phase' },
  ],
  params: {
    bpm: { kind: 'number', label: 'Tempo', default: 120, min: 1, max: 600, step: 0.1, unit: 'BPM' },
  },
  process: ({ params, frame, time }) => {
    const beats = (time * params.bpm) / 60;
    const beat = Math.floor(beats);
    return { frame, seconds: time, beat, beatPhase: beats - beat };
  },
});
