import { CHECKPOINT_OF } from '../graph/training';
import type { ModelSummary } from './model-library';

/** The metadata key a run sets on the checkpoint it settled on (`true`): pruning never removes it. */
export const BEST_CHECKPOINT_KEY = 'best';

/** Which checkpoints a prune keeps. */
export interface CheckpointPruneRule {
  /** The newest this many of each node's checkpoints are kept; a whole number ≥ 0. */
  readonly keepNewest: number;
  /** Hashes saved graphs name (see `readNamedHashes`): such a checkpoint is kept whatever its age. */
  readonly named: ReadonlySet<string>;
}

/** Why a checkpoint is kept; the first that applies, in this order. */
export type KeepReason = 'named' | 'best' | 'newest';

export interface CheckpointPrunePlan {
  readonly keep: readonly { readonly model: ModelSummary; readonly reason: KeepReason }[];
  /** Exactly what deleting this plan removes, oldest first. */
  readonly remove: readonly ModelSummary[];
  readonly removeBytes: number;
}

/**
 * Splits the stored checkpoints (models whose metadata names `checkpointOf`) into kept and
 * removed. Models that are not checkpoints (imported files, bundles) are never in the plan.
 * Checkpoints are grouped by the node that trained them (`nodeId`, else their node type), as a
 * node's runs follow one another and their newest weights are what resuming needs.
 * @example
 * const plan = planCheckpointPrune(await storage.listModels(), { keepNewest: 3, named: await storage.namedHashes() });
 * await storage.deleteModels(plan.remove.map((m) => m.sha256));
 */
export function planCheckpointPrune(models: readonly ModelSummary[], rule: CheckpointPruneRule): CheckpointPrunePlan {
  if (!Number.isInteger(rule.keepNewest) || rule.keepNewest < 0) {
    throw new RangeError(`keepNewest must be a whole number ≥ 0, got ${rule.keepNewest}`);
  }
  const groups = new Map<string, ModelSummary[]>();
  for (const model of models) {
    const of = model.metadata?.[CHECKPOINT_OF];
    if (typeof of !== 'string') continue;
    const nodeId = model.metadata?.['nodeId'];
    const key = typeof nodeId === 'string' ? `node:${nodeId}` : `type:${of}`;
    groups.set(key, [...(groups.get(key) ?? []), model]);
  }
  const keep: { model: ModelSummary; reason: KeepReason }[] = [];
  const remove: ModelSummary[] = [];
  for (const group of groups.values()) {
    // Newest first; ties (same millisecond) fall back to the higher step.
    group.sort((a, b) => b.savedAt - a.savedAt || stepOf(b) - stepOf(a));
    group.forEach((model, index) => {
      const reason: KeepReason | undefined = rule.named.has(model.sha256) ? 'named'
        : model.metadata?.[BEST_CHECKPOINT_KEY] === true ? 'best'
          : index < rule.keepNewest ? 'newest' : undefined;
      if (reason) keep.push({ model, reason });
      else remove.push(model);
    });
  }
  remove.sort((a, b) => a.savedAt - b.savedAt);
  return { keep, remove, removeBytes: remove.reduce((total, m) => total + m.bytes, 0) };
}

function stepOf(model: ModelSummary): number {
  const step = model.metadata?.['step'];
  return typeof step === 'number' ? step : 0;
}
