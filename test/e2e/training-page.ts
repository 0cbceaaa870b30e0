// Shared by the browser tests that train nodes in the editor.
import type { Page } from 'playwright-core';

/** Stores a 16-frame `size`² dataset of stripes sliding right in the page's storage; resolves to its id. */
export function storeStripesDataset(page: Page, size: number): Promise<string> {
  return page.evaluate(async (side) => {
    const storage = window.__studio!.storage!;
    const id = await storage.createDataset({ name: 'Stripes', width: side, height: side });
    const frames = Array.from({ length: 16 }, (_, t) => {
      const bytes = new Uint8Array(side * side * 3);
      for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
        const v = 128 + 100 * Math.sin(((x - 2 * t) / 6) * Math.PI) * Math.cos((y / 9) * Math.PI);
        bytes.set([v, 255 - v, (v + y * 4) % 256], (y * side + x) * 3);
      }
      return bytes;
    });
    await storage.appendFrames(id, frames);
    return id;
  }, size);
}

/** The Training panel's status, or its error text when a command was refused (so a failure says why). */
export async function trainingStatus(page: Page): Promise<string | null> {
  const problem = page.locator('.training .problem');
  return (await problem.count()) > 0 ? problem.textContent() : page.locator('.training .status').textContent();
}

export const trainingRegion = (page: Page) => page.getByRole('region', { name: 'Training' });
export const trainingProgress = (page: Page) => page.getByRole('progressbar', { name: 'Training progress' }).getAttribute('aria-valuenow');

/** A node of a test graph: params it leaves out take their defaults. */
export interface TestNode {
  readonly id: string;
  readonly type: string;
  readonly params?: Record<string, unknown>;
  readonly x: number;
  readonly y: number;
}

export interface TestGraph {
  readonly name: string;
  /** Frame width and height. */
  readonly size: number;
  readonly nodes: readonly TestNode[];
  /** `['node.port', 'node.port']`, from → to. */
  readonly edges: readonly (readonly [string, string])[];
}

/**
 * Opens `graph` in the editor as a graph file would open: every node at its type's current
 * version with the params it leaves out at their defaults. `document.replace` takes a graph as
 * given, so a node missing params would show empty fields and run with undefined values.
 */
export async function openTestGraph(page: Page, graph: TestGraph): Promise<void> {
  await page.evaluate((g) => {
    const studio = window.__studio!;
    const nodes = g.nodes.map(({ id, type, params = {}, x, y }) => {
      const definition = studio.registry.get(type);
      if (!definition) throw new Error(`openTestGraph: no node type "${type}"`);
      const defaults = Object.fromEntries(Object.entries(definition.params ?? {}).map(([name, schema]) => [name, (schema as { default: unknown }).default]));
      return { id, type, typeVersion: definition.version, params: { ...defaults, ...params }, position: { x, y } };
    });
    const socket = (end: string) => {
      const [node, port] = end.split('.');
      return { node: node!, port: port! };
    };
    const edges = g.edges.map(([from, to], i) => ({ id: `e${i + 1}`, from: socket(from), to: socket(to) }));
    studio.document.replace({ name: g.name, settings: { width: g.size, height: g.size, fps: 30 }, models: [], plugins: [], nodes, edges } as never);
  }, graph);
}
