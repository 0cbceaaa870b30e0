import type * as tfjs from '@tensorflow/tfjs';
import type { JsonValue } from '../../core';

/**
 * What "Make a loop" needs from the loop's nodes, declared by the UI and handed over by the
 * composition root (src/main.ts, from src/nodes/ui.ts), as MediaKit is: the flow never names
 * a node type or a param itself, so the nodes' files stay the one place that knows how a
 * learned loop is wired (issue 24, item 1).
 */
export interface LoopKit {
  /** The model sizes the generator offers (its Model size options), and the one a new loop starts with. */
  readonly sizes: readonly string[];
  readonly defaultSize: string;
  /** The generator's recipes (Custom left out), and its default. */
  readonly recipes: readonly string[];
  readonly defaultRecipe: string;
  /** The name under which training reports the loop check (a held-out loss): the progress view shows it. */
  readonly loopCheckLoss: string;
  /** The nodes and wires of a learned loop fed by a source node, with every param set. */
  plan(options: LoopOptions): LoopPlan;
  /**
   * Times real training steps of the network these options train; resolves to steps per second.
   * @throws the signal's reason when it aborts (checked between steps).
   */
  measureSpeed(tf: typeof tfjs, options: SpeedOptions, signal?: AbortSignal): Promise<number>;
  /** The params that point a Restoration node at the generator checkpoint it learns to undo. */
  restorationFor(generatorCheckpoint: string): Readonly<Record<string, JsonValue>>;
  /** The params that make an Encoder record `seconds` of video, from its params as they are. */
  recordFor(encoder: Readonly<Record<string, JsonValue>>, seconds: number): Readonly<Record<string, JsonValue>>;
}

export interface SpeedOptions {
  readonly size: string;
  readonly recipe: string;
}

/** What the dialog asks for, plus what the flow made before building: the dataset. */
export interface LoopOptions extends SpeedOptions {
  /** The source node's frame output: it seeds the loop. */
  readonly sourcePort: string;
  readonly datasetId: string;
  readonly generatorSteps: number;
  /** 0 leaves the Restoration network out. */
  readonly restorationSteps: number;
  readonly colourCoherence: boolean;
}

/** The nodes a plan adds, by the part they play; `source` is the node the loop starts from, already in the graph. */
export type LoopRole = 'dataset' | 'feedback' | 'generator' | 'restoration' | 'colour' | 'preview' | 'encoder';

export interface LoopPlanNode {
  readonly role: LoopRole;
  readonly type: string;
  readonly params: Readonly<Record<string, JsonValue>>;
  /** Where it goes, from the source node's position. */
  readonly offset: { readonly x: number; readonly y: number };
}

export interface LoopPlanEnd {
  readonly role: LoopRole | 'source';
  readonly port: string;
}

export interface LoopPlan {
  readonly nodes: readonly LoopPlanNode[];
  readonly edges: readonly { readonly from: LoopPlanEnd; readonly to: LoopPlanEnd }[];
}
