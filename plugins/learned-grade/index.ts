/**
 * Learned Grade: a colour grade (a 3×3 colour matrix and a bias, added to the frame) that
 * trains on a dataset's consecutive frames, so in a feedback loop it repeats the clip's colour
 * drift. The worked example of a trainable plugin (docs/training-kit.md): it imports only the
 * two public entries, src/core and src/core/training-kit, and takes tf from its context.
 */
import { defineNode, definePlugin } from 'nfp-studio/plugin-api';
import type { Tensor3D, Tensor4D } from 'nfp-studio/plugin-api';
import { followWeightsParam, trainedWeights, trainingParams } from 'nfp-studio/training-kit';
import { createGrade, disposeGrade, GRADE_CHECKPOINT, GRADE_CONFIG, GRADE_PRESET, runGrade } from './grade-net';
import { startGradeTraining } from './grade-training';
import type { LiveGrade } from './grade-training';

export const LEARNED_GRADE_TYPE = 'learned-grade/grade';
const TRAINING = trainingParams(LEARNED_GRADE_TYPE, { steps: 300, batch: 4 });

const learnedGrade = defineNode({
  type: LEARNED_GRADE_TYPE,
  version: 1,
  title: 'Learned Grade',
  category: 'Colour',
  description: 'A colour grade learnt from a dataset\'s frame pairs; in a loop it repeats the clip\'s colour drift.',
  inputs: [
    { name: 'frame', type: 'frame' },
    { name: 'dataset', type: 'dataset', label: 'Training data', optional: true },
  ],
  outputs: [{ name: 'frame', type: 'frame' }],
  // The learnt grade is the node's state: Reset restarts the loop, it does not forget training.
  keepsStateOnReset: true,
  params: {
    checkpoint: TRAINING.checkpoint,
    strength: { kind: 'number', label: 'Strength', default: 1, min: 0, max: 1, step: 0.05 },
    steps: TRAINING.steps,
    batch: TRAINING.batch,
    learningRate: { kind: 'number', label: 'Learning rate', default: 0.01, min: 0.0001, max: 0.1, step: 0.001 },
    checkpointEvery: TRAINING.checkpointEvery,
    seed: TRAINING.seed,
  },
  create: ({ tf, params }): LiveGrade => ({ net: createGrade(tf, GRADE_CONFIG, params.seed), preset: GRADE_PRESET, checkpointParam: '', weightsFrom: '' }),
  // The Weights param: load a stored grade when it changes, back to the identity at ''.
  prepare: ({ tf, state, params, models }) => followWeightsParam(state, models, {
    preset: GRADE_PRESET,
    checkpoint: params.checkpoint,
    create: () => createGrade(tf, GRADE_CONFIG, params.seed),
    dispose: disposeGrade,
    read: (artifacts) => GRADE_CHECKPOINT.fromArtifacts(artifacts),
    mismatch: () => undefined,
    load: (net, checkpoint) => GRADE_CHECKPOINT.loadWeights(tf, net, checkpoint),
  }),
  process: ({ tf, inputs, state, params, size }) => {
    const frame = inputs['frame'];
    if (!frame) return { frame: tf.zeros([size.height, size.width, 3]) as Tensor3D };
    if (params.strength <= 0) return { frame };
    const graded = tf.squeeze(runGrade(tf, state.net, tf.expandDims(frame, 0) as Tensor4D), [0]) as Tensor3D;
    const mixed = params.strength >= 1 ? graded : tf.add(tf.mul(frame, 1 - params.strength), tf.mul(graded, params.strength));
    // Clamped so that a grade compounding in a loop cannot run off to infinity.
    return { frame: tf.clipByValue(mixed, 0, 1) as Tensor3D };
  },
  dispose: (state) => disposeGrade(state.net),
  training: { ...trainedWeights<LiveGrade>(), start: (context) => startGradeTraining(context) },
});

export default definePlugin({
  id: 'learned-grade',
  version: '1.0.0',
  description: 'A trainable colour grade: the training kit\'s worked example.',
  nodes: [learnedGrade],
});
