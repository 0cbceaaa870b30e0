/** Every message the Storage panel and the start-up storage gate show, in one table: one place to read and reword them. */
export const storagePanelMessages = {
  slowOpen: (ms: number) =>
    `Browser storage has not opened after ${Math.round(ms / 1000)} s. Another tab of this app may be holding it, or the disk is busy. Retry, or continue without your library (nothing will be saved).`,
  openFailed: (detail: string) => `Browser storage could not be opened (${detail}).`,
  withoutLibrary: 'Continue without library',
  noStorage: 'Browser storage is not open in this tab, so nothing is stored. Reload to try again.',
  persistGranted: 'Persistent: the browser will not evict this data when the disk runs low.',
  persistDenied: 'Not persistent: the browser may evict this data when the disk runs low. Export graphs you care about.',
  persistNotAsked: 'Not yet persistent: the app asks the browser when you first save a graph or a checkpoint is stored.',
  persistUnsupported: 'This browser cannot make storage persistent. Export graphs you care about.',
  pruned: (count: number, bytes: string) => `Deleted ${count === 1 ? '1 checkpoint' : `${count} checkpoints`}, ${bytes}.`,
  nothingToPrune: 'Nothing to delete: every checkpoint is kept by the rule.',
} as const;
