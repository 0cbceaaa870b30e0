import type { LoopStage } from './make-loop-flow.svelte';

export interface StageRow {
  readonly stage: LoopStage;
  readonly label: string;
  readonly state: 'done' | 'now' | 'stopped' | 'later';
}

/** The stages the progress view lists, in order (cancelled and failed end the list wherever they happen). */
const ORDER: readonly { readonly stage: LoopStage; readonly label: string }[] = [
  { stage: 'extracting', label: 'Extract frames' },
  { stage: 'building', label: 'Build the loop' },
  { stage: 'training', label: 'Train the generator' },
  { stage: 'restoring', label: 'Train the restoration' },
  { stage: 'starting', label: 'Start from a real frame' },
  { stage: 'ready', label: 'Record' },
];

/**
 * The progress view's stage list. `reached` is the last stage the flow got to: the rows before
 * it are done, it is the current one (done once the file is recorded), the rest are to come; a
 * cancelled or failed flow marks where it stopped instead of a current row.
 */
export function stageRows(stage: LoopStage, reached: LoopStage, restoring: boolean): StageRow[] {
  const rows = ORDER.filter((row) => restoring || row.stage !== 'restoring');
  const place = reached === 'recording' || reached === 'recorded' ? 'ready' : reached;
  const at = rows.findIndex((row) => row.stage === place);
  const ended = stage === 'cancelled' || stage === 'failed';
  return rows.map((row, i): StageRow => {
    if (i < at || (i === at && stage === 'recorded')) return { ...row, state: 'done' };
    if (i === at) return { ...row, state: ended ? 'stopped' : 'now' };
    return { ...row, state: 'later' };
  });
}

/** The last finite value of a loss series (a held-out loss is NaN between checkpoints). */
export function lastFinite(values: readonly number[] | undefined): number | undefined {
  if (!values) return undefined;
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return values[i];
  return undefined;
}
