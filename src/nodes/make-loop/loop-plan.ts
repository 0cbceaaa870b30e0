import type { JsonValue } from '../../core';
import type { LoopOptions, LoopPlan, LoopPlanEnd, LoopPlanNode, LoopRole } from '../../ui/make-loop/loop-kit';
import { colourCoherence } from '../colour-coherence';
import { dataset } from '../dataset';
import { encoder } from '../encoder';
import { feedback } from '../feedback';
import { GENERATOR_TYPE } from '../next-frame-generator';
import { preview } from '../preview';
import { RESTORATION_TYPE } from '../restoration';

/** Columns of the laid-out loop, left to right, in canvas units from the source node. */
const COLUMN = 270;

/**
 * The learned loop "Make a loop" builds, wired as the shipped learned-loop examples are
 * (src/nodes/examples/train-window-*.graph.json): the source seeds a Feedback node on frame 0,
 * the generator (and Restoration, when asked for) predicts the next frame, Colour Coherence
 * (when asked for) holds the colours to the first frame, and the result goes back into the
 * loop, to a Preview and to an Encoder. Every node type is named by its definition's export,
 * so this file is the one place a renamed type or port has to be followed.
 *
 * Decisions where issue 24 is silent:
 * - The generator trains with the recipe's values and the node's other defaults (Network, Batch
 *   size, Predict ahead); only Model size, Recipe, Train steps and Checkpoint every are set.
 * - Checkpoint every is a quarter of the steps (at least 1), so the loop check rates four
 *   checkpoints and the run ends on the best of them, however short the budget.
 * - Colour Coherence runs at strength 0.5 against the first frame, as in the examples.
 * - Restoration learns at the generator's size from the same dataset, with its own defaults.
 */
export function loopPlan(options: LoopOptions): LoopPlan {
  const restoring = options.restorationSteps > 0;
  const nodes: LoopPlanNode[] = [
    node('dataset', dataset.type, { dataset: options.datasetId }, 0, 240),
    node('feedback', feedback.type, {}, 1, 40),
    node('generator', GENERATOR_TYPE, {
      recipe: options.recipe, size: options.size, steps: options.generatorSteps, checkpointEvery: quarter(options.generatorSteps),
    }, 2, 40),
  ];
  let column = 3;
  if (restoring) {
    nodes.push(node('restoration', RESTORATION_TYPE, {
      size: options.size, steps: options.restorationSteps, checkpointEvery: quarter(options.restorationSteps),
    }, column++, 40));
  }
  if (options.colourCoherence) {
    nodes.push(node('colour', colourCoherence.type, { strength: 0.5, reference: 'first frame' }, column++, 260));
  }
  nodes.push(node('preview', preview.type, {}, column, 0), node('encoder', encoder.type, {}, column, 220));

  const source: LoopPlanEnd = { role: 'source', port: options.sourcePort };
  const edges: { from: LoopPlanEnd; to: LoopPlanEnd }[] = [
    { from: source, to: at('feedback', 'seed') },
    { from: at('feedback', 'out'), to: at('generator', 'frame') },
    { from: at('dataset', 'dataset'), to: at('generator', 'dataset') },
  ];
  let tail = at('generator', 'frame');
  if (restoring) {
    edges.push({ from: tail, to: at('restoration', 'frame') }, { from: at('dataset', 'dataset'), to: at('restoration', 'dataset') });
    tail = at('restoration', 'frame');
  }
  if (options.colourCoherence) {
    edges.push({ from: tail, to: at('colour', 'frame') });
    tail = at('colour', 'frame');
  }
  edges.push({ from: tail, to: at('feedback', 'in') }, { from: tail, to: at('preview', 'frame') }, { from: tail, to: at('encoder', 'frame') });
  return { nodes, edges };
}

/** The Restoration node's Generator param, which its training reads the drifting generator from. */
export function restorationFor(generatorCheckpoint: string): Readonly<Record<string, JsonValue>> {
  return { generator: generatorCheckpoint };
}

/** An Encoder's params to record `seconds` at its own frame rate, then stop by itself. */
export function recordFor(params: Readonly<Record<string, JsonValue>>, seconds: number): Readonly<Record<string, JsonValue>> {
  const fps = typeof params['fps'] === 'number' && params['fps'] > 0 ? params['fps'] : encoder.params.fps.default;
  return { frames: Math.round(seconds * fps), record: true };
}

function node(role: LoopRole, type: string, params: Readonly<Record<string, JsonValue>>, column: number, y: number): LoopPlanNode {
  return { role, type, params, offset: { x: column * COLUMN, y } };
}

function at(role: LoopRole, port: string): LoopPlanEnd {
  return { role, port };
}

function quarter(steps: number): number {
  return Math.max(1, Math.round(steps / 4));
}
