/** What "Make a loop" tells the user, in one place. */
export const loopMessages = {
  graphName: (title: string) => `Loop from “${title}”`,
  datasetName: (title: string, side: number) => `${title} loop ${side}×${side}`,
  sourceGone: (title: string) => `“${title}” is no longer in the graph: nothing was made.`,
  extractionFailed: () => 'The frames could not be extracted.',
  extractionBusy: () => 'Another extraction is running: wait for it to end (Datasets), then make the loop.',
  buildRefused: (reason: string) => `The loop's nodes could not be added (${reason}); the graph is unchanged.`,
  trainingFailed: () => 'Training failed.',
  noCheckpoint: () => 'The generator has no checkpoint to train the Restoration network against.',
  storageOff: () => 'Making a loop needs browser storage (for its dataset and checkpoints), and it is off.',
  /** "≈ 450 steps (measured here: 30.0 steps/s)". */
  budget: (steps: number, stepsPerSecond: number) =>
    `≈ ${steps.toLocaleString('en')} training steps here (measured now: ${stepsPerSecond.toFixed(stepsPerSecond < 10 ? 1 : 0)} steps/s)`,
  kept: (made: { dataset: string | undefined; nodes: number; graph: string }): string[] => [
    ...(made.dataset ? [`the dataset “${made.dataset}”`] : []),
    ...(made.nodes > 0 ? [`${made.nodes} nodes of the loop in “${made.graph}”, with the weights trained so far`] : []),
  ],
} as const;
