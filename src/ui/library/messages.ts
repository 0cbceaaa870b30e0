/** Every message the library shows, in one table: one place to read and reword them. */
import { formatBytes } from './format';
import { errorMessage } from '../../core';

/** Settings key of the library graph open when the last session ended. */
export const LAST_OPENED_SETTING = 'library.lastOpened';

export const LIBRARY_OFF =
  'The graph library is off: this browser offers no storage (IndexedDB) to this page, as in some private windows or when site data is blocked. Export graphs as files to keep them.';

export const libraryMessages = {
  saved: (name: string, revision: number) => `Saved “${name}” (revision ${revision})`,
  created: () => 'New graph',
  opened: (name: string) => `Opened “${name}”`,
  imported: (name: string, source: string) => `Opened “${name}” from ${source}; not in the library until you save`,
  openedExample: (title: string) => `Opened the example “${title}”; not in the library until you save`,
  restored: (name: string, from: number, head: number) => `Restored “${name}” revision ${from} as revision ${head}`,
  exported: (fileName: string) => `Downloading ${fileName}`,
  copied: () => 'Copied the graph as text',
  discarded: () => 'Discarded the recovered changes',
  copyName: (name: string) => `${name} copy`,

  badFile: (source: string, detail: string) => `${source} was not opened and nothing changed. ${detail}`,
  badExample: (title: string, detail: string) => `The example “${title}” cannot be opened with the node types loaded now. ${detail}`,
  exampleFileNoStorage: (name: string) =>
    `The example's clip “${name}” could not be stored: this browser offers no storage (IndexedDB) to this page, so the nodes that read it stop with an error.`,
  exampleFileMissing: (name: string, detail: string) =>
    `The example's clip “${name}” that ships with the app could not be read (${detail}), so the nodes that read it stop with an error. Reload the page; if this persists, the app's files are damaged.`,
  tooLarge: (fileName: string, bytes: number, limit: number) =>
    `“${fileName}” was not opened and nothing changed: it is ${formatBytes(bytes)}, and graph files are at most ${formatBytes(limit)}.`,
  unreadable: (fileName: string, error: unknown) =>
    `“${fileName}” could not be read (${errorMessage(error)}); nothing changed.`,
  clipboardRefused: () =>
    'The browser refused to copy to the clipboard (permission denied or the page was not focused). Use “Export graph file” instead.',
  draftFailed: (error: unknown) =>
    `Crash-recovery drafts are not being written: ${errorMessage(error)} Save (Ctrl+S) or export your work.`,
  recoveryFailed: (when: string, detail: string) => `The unsaved changes from ${when} could not be recovered: ${detail}`,
  openedDamaged: (name: string) => `Opened the kept changes to “${name}” as a new graph; not in the library until you save`,
  damagedDraft: (name: string, when: string) => `Unsaved changes to “${name}” from ${when} are kept, but the saved graph did not load.`,
  savedElsewhere: (name: string, revision: number) => `“${name}” was saved in another tab (revision ${revision}).`,
  deletedElsewhere: (name: string) => `“${name}” was deleted from the library in another tab. Save keeps this version as a new graph.`,
  discardQuestion: (name: string) => `“${name}” has changes that are not saved in the library. Opening another graph discards them.`,
} as const;
