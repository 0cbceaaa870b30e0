import type { AnyNodeDefinition, Tf } from '../graph/node-definition';
import type { TrainingHook, TrainingJob } from '../graph/training';

/**
 * Calls in a row that may each leave more tensors than they found before an async hook is
 * called leaking. One growth is legitimate (a `prepare` that loads weights into state, the
 * first training step making its optimiser's moments); a leak grows on every call.
 */
export const GROWTH_LIMIT = 3;

/**
 * The leak check for a plugin node's hooks other than `process` (which the frame runner checks
 * exactly, inside its `tf.tidy`). Wraps `prepare` and the training job's `step` and `validate`:
 * one that leaves more tensors behind {@link GROWTH_LIMIT} calls in a row throws, so the node
 * errors (the loop pauses with the reason) or the training run stops, instead of memory
 * growing every frame until the tab dies.
 *
 * Exempt, because a count cannot tell a leak from intended state there: `create` (its tensors
 * are meant to outlive it as the node's weights, and `prepare` or training may replace them
 * before `dispose`, so create/dispose need not balance; it runs once per compile, so it cannot
 * leak per frame), `dispose`, `checkpointSaved` and `preferCheckpoint` (once per compile or
 * per checkpoint, and handed no `tf`).
 *
 * Counts are global; the async hooks are measured across their awaits. That holds because the
 * scheduler runs frames and training steps one at a time, and preview readbacks make their
 * tensors between frames, so within a plugin's window the growth is the plugin's.
 */
export function guardPluginNode(definition: AnyNodeDefinition): AnyNodeDefinition {
  const { prepare, training } = definition;
  const streaks = new Map<string, number>();
  return {
    ...definition,
    ...(prepare ? {
      prepare: async (ctx: Parameters<NonNullable<AnyNodeDefinition['prepare']>>[0]) => {
        await watchGrowth(ctx.tf, streaks, ctx.nodeId, 'prepare', () => prepare.call(definition, ctx));
      },
    } : {}),
    ...(training ? { training: guardTraining(training) } : {}),
  };
}

function guardTraining(hook: TrainingHook): TrainingHook {
  return {
    ...hook,
    start: async (context) => {
      const job = await hook.start(context);
      const streaks = new Map<string, number>();
      const guarded: TrainingJob = {
        get totalSteps() { return job.totalSteps; },
        get stepsDone() { return job.stepsDone; },
        step: () => watchGrowth(context.tf, streaks, 'step', 'a training step', () => job.step()),
        save: () => job.save(),
        dispose: () => job.dispose(),
        ...(job.validate ? { validate: () => watchGrowth(context.tf, streaks, 'validate', 'validate', () => job.validate!()) } : {}),
      };
      return guarded;
    },
  };
}

async function watchGrowth<T>(tf: Tf, streaks: Map<string, number>, key: string, hook: string, call: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await call();
  const grew = tf.memory().numTensors - before;
  const streak = grew > 0 ? (streaks.get(key) ?? 0) + 1 : 0;
  streaks.set(key, streak);
  if (streak >= GROWTH_LIMIT) {
    streaks.delete(key);
    throw new Error(hookLeakMessage(hook, grew));
  }
  return result;
}

export function hookLeakMessage(hook: string, grew: number): string {
  return `leaked tensors: ${hook} left ${grew} more tensor${grew === 1 ? '' : 's'} behind, ${GROWTH_LIMIT} times in a row; dispose what you make there (tf.tidy, or .dispose() on tensors you replace in state)`;
}
