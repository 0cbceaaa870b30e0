/**
 * Every message a user can see from frame extraction, in one table: the UI
 * shows `error.message` as is, so each one says what happened and what to do next.
 */

const FREE_SPACE = 'Free space by deleting old datasets, graphs or models, or extract fewer or smaller frames.';

export const extractMessages = {
  notInstalled: (type: string) =>
    `Node type "${type}" is not installed, so there is nothing to extract frames from. Install the plugin that provides it, or pick another source.`,
  noFrameOutput: (title: string) =>
    `"${title}" has no frame output, so it has no frames to extract. Pick a source node, such as a Video or Train Window node.`,
  needsInputs: (title: string, inputs: readonly string[]) =>
    `"${title}" needs its input${inputs.length === 1 ? '' : 's'} ${inputs.map((i) => `"${i}"`).join(', ')} wired, so it cannot run on its own. Extract from a source node (one without inputs) instead.`,
  cannotStart: (title: string, detail: string) => `"${title}" cannot run: ${detail}`,
  sourceFailed: (title: string, frame: number, detail: string) =>
    `"${title}" failed at frame ${frame}: ${detail}. Nothing was kept; fix the source (in the inspector) and extract again.`,
  noFrame: (title: string, frame: number) =>
    `"${title}" produced no frame at frame ${frame}, so nothing was kept. Check that it runs in the editor, then extract again.`,
  storageFull: (done: number) =>
    `Browser storage is full: the extraction stopped after ${done === 1 ? '1 frame' : `${done} frames`} and the partial dataset was deleted. ${FREE_SPACE}`,
  storageFullKept: (stored: number) =>
    `Browser storage is full: the extraction stopped and kept the ${stored === 1 ? '1 frame' : `${stored} frames`} stored so far as the dataset. ${FREE_SPACE}`,
  storageFailed: (detail: string) => `${detail} The partial dataset was deleted.`,
  notDeleted: (name: string) =>
    ` The partial dataset "${name}" could not be deleted either; delete it from the Datasets list.`,
} as const;
