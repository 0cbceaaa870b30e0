/**
 * Every message a user can see from storage, in one table: the UI shows
 * `error.message` as is, so each one says what happened and what to do next.
 */

const FREE_SPACE = 'Free space in Storage (top bar) by deleting old checkpoints, or delete old graphs or datasets.';

export const storageMessages = {
  graphNotSaved: (name: string, hasPrevious: boolean) =>
    `Browser storage is full: "${name}" was not saved${hasPrevious ? ' and its previous revision is kept' : ''}. ${FREE_SPACE}`,
  graphNotChanged: (name: string, action: string) =>
    `Browser storage is full: "${name}" was not ${action} and is unchanged. ${FREE_SPACE}`,
  modelNotSaved: (name: string) => `Browser storage is full: model "${name}" was not saved. ${FREE_SPACE}`,
  framesNotAdded: (name: string, count: number) =>
    `Browser storage is full: ${count === 1 ? '1 frame was' : `${count} frames were`} not added to dataset "${name}"; the frames already there are kept. ${FREE_SPACE}`,
  notWritten: (what: string) => `Browser storage is full: ${what} was not saved. ${FREE_SPACE}`,
  notDeleted: (what: string) => `Browser storage is full and ${what} could not be deleted; nothing was changed. Reload and try again.`,

  graphNotFound: (id: string) => `No saved graph with id "${id}". It may have been deleted, perhaps in another tab.`,
  revisionNotFound: (name: string, revision: number, kept: number) =>
    `Graph "${name}" has no revision ${revision}. Only the last ${kept} revisions are kept.`,
  modelNotFound: (sha256: string) =>
    `No stored model with hash ${sha256.slice(0, 12)}…. It may have been deleted; import the model file again.`,
  assetNotFound: (sha256: string) =>
    `File ${sha256.slice(0, 12)}… is not in this browser's storage (it may have been deleted, or the graph came from elsewhere). Pick the file again.`,
  assetDamaged: (name: string) => `Stored file "${name}" is damaged. Pick the file again.`,
  pluginHashMismatch: (id: string) => `Plugin "${id}" was not stored: its code does not match the SHA-256 that was shown. Install it again.`,
  datasetNotFound: (id: string) => `No dataset with id "${id}". It may have been deleted, perhaps in another tab.`,

  headChanged: (name: string, expected: number, actual: number) =>
    `"${name}" was saved elsewhere (revision ${actual}, this copy is based on ${expected}), perhaps in another tab. Reload it, or save this copy under a new name.`,
  duplicateKey: (detail: string) => `Browser storage refused a record that already exists (${detail}). Try again.`,

  graphHeadMissing: (name: string, revision: number) =>
    `Graph "${name}" is damaged: its current revision ${revision} is missing. Restore an earlier revision.`,
  weightsMissing: (name: string) => `Model "${name}" is damaged: its weights are missing. Import the model file again.`,
  weightsAltered: (name: string) =>
    `Model "${name}" is damaged: its stored weights no longer match their hash. Import the model file again.`,
  framesMissing: (name: string) => `Dataset "${name}" is damaged: some of its frames are missing.`,

  noIndexedDb: () =>
    'This browser offers no storage to this page (IndexedDB is missing or disabled, as in some private windows). Graphs cannot be saved; export them as files instead.',
  openFailed: (detail: string) => `Browser storage could not be opened (${detail}). Reload the page; if it persists, export your work as files.`,
  newerVersion: () =>
    'The data in this browser was written by a newer version of the app. Reload to get the newest version.',
  failed: (detail: string) => `Browser storage failed (${detail}). Reload the page and try again.`,
  closed: () => 'Storage is closed. Reload the page.',
  replaced: () => 'A newer version of the app was opened in another tab and took over storage. Reload this tab.',
  blocked: () =>
    'Storage is held by another tab running an older version of the app. Close the other tabs of this app, then reload.',
} as const;
