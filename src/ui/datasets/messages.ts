/** What the datasets UI tells the user, in one table: each says what happened and what to do. */
export const datasetMessages = {
  storageOff: () =>
    'Browser storage is unavailable, so datasets cannot be listed or made here. Reload the page, or use a normal (not private) window.',
  listFailed: (detail: string) => `The datasets could not be listed: ${detail}`,
  deleteFailed: (name: string, detail: string) => `Dataset "${name}" could not be deleted: ${detail}`,
  noFile: (title: string, label: string) =>
    `"${title}" has no ${label.toLowerCase()} picked, so there is nothing to extract. Pick a file in the inspector, then extract frames.`,
  fileMissing: (title: string) =>
    `The file "${title}" plays is not in this browser's storage (it may have been deleted). Pick it again in the inspector, then extract frames.`,
  nameMissing: () => 'Give the dataset a name.',
  nameTooLong: (max: number) => `Keep the name under ${max} characters.`,
  sizeOutOfRange: (min: number, max: number) => `Width and height must be whole numbers from ${min} to ${max} pixels.`,
  strideOutOfRange: (max: number) => `Stride must be a whole number from 1 to ${max}.`,
  framesOutOfRange: (max: number) => `Max frames must be a whole number from 1 to ${max.toLocaleString('en')}.`,
  cancelled: () => 'Extraction cancelled: nothing was kept.',
  unexpected: (detail: string) => `The extraction failed unexpectedly (${detail}). Nothing was kept; try again, or reload the page if it persists.`,
} as const;
