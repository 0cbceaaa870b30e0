/** Every message the media UI shows (picking and dropping clips, images, graph-carrying videos), in one table. */
import type { AssetKind } from '../../core';

const KIND_NOUNS: Readonly<Record<AssetKind, string>> = { video: 'video', image: 'image', 'image-sequence': 'image sequence' };

export function assetKindNoun(kind: AssetKind): string {
  return KIND_NOUNS[kind];
}

/** `a video`, `an image`, `an image sequence`. */
export function aKind(kind: AssetKind): string {
  return `${kind === 'video' ? 'a' : 'an'} ${KIND_NOUNS[kind]}`;
}

function quoteList(names: readonly string[]): string {
  const quoted = names.slice(0, 3).map((n) => `“${n}”`);
  if (names.length > 3) quoted.push(`${names.length - 3} more`);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)!}`;
}

function nameOrCount(name: string, count: number): string {
  return count === 1 ? `“${name}”` : `${count} images`;
}

const ACCEPTED = 'Drop a video (WebM or MP4), one or more images, or a graph file (.json).';

export const mediaMessages = {
  unsupportedFiles: (names: readonly string[]) =>
    `${quoteList(names)} ${names.length === 1 ? 'is not a file' : 'are not files'} the studio can use; nothing changed. ${ACCEPTED}`,
  mixedDrop: (count: number) =>
    `These ${count} files were not used; nothing changed. Drop one video or one graph file at a time, or several images (they become an image sequence).`,
  busy: (working: string) => `${working} Drop the next file when it has finished.`,
  storageOff: (name: string) =>
    `“${name}” cannot be used: this browser offers no storage (IndexedDB) to this page, so picked files cannot be kept. Allow site data, or leave private browsing, and try again.`,
  /** Import messages (MediaInputError) already name the file; others (storage) are given the name here. */
  importFailed: (name: string, detail: string) =>
    detail.includes(`“${name}”`) ? `${detail} Nothing was added; the graph is unchanged.` : `“${name}” was not added: ${detail} The graph is unchanged.`,
  noSourceNode: (kind: AssetKind, name: string, type: string) =>
    `“${name}” was not added: no node that plays ${aKind(kind)} (type “${type}”) is installed in this studio. Reload the page; if this persists, the build is missing that node.`,
  graphSource: (name: string) => `the graph inside “${name}”`,
  reading: (name: string) => `Reading “${name}”…`,
  importing: (name: string, count: number) => `Importing ${nameOrCount(name, count)}…`,
  added: (name: string, nodeTitle: string, count: number) => `Added ${nameOrCount(name, count)} in a new ${nodeTitle} node; undo with Ctrl+Z`,
  noFilesDropped: () => 'Nothing was dropped: drag files from your file manager onto the field.',
  oneFileOnly: (kind: AssetKind, count: number) =>
    `${count} files were dropped, but this field takes one ${KIND_NOUNS[kind]}; nothing changed. Drop a single file.`,
  missingFile: () => 'File missing from this browser’s storage — pick it again.',
  noFile: () => 'No file',
  dropHere: () => ACCEPTED,
} as const;
