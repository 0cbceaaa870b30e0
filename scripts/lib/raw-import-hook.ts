/**
 * A Node module hook that loads `…?raw` imports as Vite does (the file's text as the default
 * export), so Node scripts can import modules written for the app, such as
 * src/nodes/examples/index.ts. Register it before importing them:
 *
 *   register('./lib/raw-import-hook.ts', import.meta.url);
 *   const { exampleGraphs } = await import('../src/nodes/examples');
 */
import { readFile } from 'node:fs/promises';

interface LoadResult { readonly format: string; readonly source: string; readonly shortCircuit: boolean }
type NextLoad = (url: string, context: unknown) => Promise<unknown>;

export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<LoadResult | unknown> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'file:' || parsed.search !== '?raw') return nextLoad(url, context);
  parsed.search = '';
  const text = await readFile(parsed, 'utf8');
  return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
}
