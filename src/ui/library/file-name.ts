/** The extension of exported graph files; the import picker accepts it and plain `.json`. */
export const GRAPH_FILE_SUFFIX = '.nfpgraph.json';

const MAX_BASE_LENGTH = 80;
/** Characters that Windows, macOS or Linux refuse in file names, plus control characters. */
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]+/g;
/** Names Windows reserves whatever the extension (`con.txt` cannot be created). */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/**
 * The download name of a graph: its name made safe for every desktop file system, plus
 * `.nfpgraph.json`. An empty or unusable name becomes `graph`.
 * @example exportFileName('Loop: v2/final') // 'Loop- v2-final.nfpgraph.json'
 */
export function exportFileName(graphName: string): string {
  let base = graphName.normalize('NFC').replace(/\s+/g, ' ').replace(UNSAFE, '-').trim();
  // Leading dots hide the file on Unix; trailing dots and spaces are dropped by Windows.
  base = base.replace(/^[.\s]+|[.\s]+$/g, '');
  if (base.length > MAX_BASE_LENGTH) base = [...base].slice(0, MAX_BASE_LENGTH).join('').trim();
  if (base === '' || /^-+$/.test(base)) base = 'graph';
  if (RESERVED.test(base)) base = `${base}_`;
  return `${base}${GRAPH_FILE_SUFFIX}`;
}
