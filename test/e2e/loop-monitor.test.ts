import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, waitForFrame } from './browser';
import type { TestBrowser } from './browser';
import { eventually, graphOf, openStudio } from './editor-page';

let browser: TestBrowser;

beforeEach(async () => {
  browser = await launchBrowser();
});

afterEach(async () => {
  await browser?.close();
});

describe('loop monitor', () => {
  it('plots the loop health live in the inspector when the monitor is selected', async () => {
    const p = await openStudio(browser);
    // Put a monitor between the demo's transform and the loop, with the source as reference,
    // and a colour limit tight enough that the demo's drift shows as a collapse.
    await p.evaluate(() => {
      const { document: doc, registry } = window.__studio!;
      const defaults = Object.fromEntries(Object.entries(registry.get('loop-monitor')!.params as Record<string, { default: unknown }>).map(([name, schema]) => [name, schema.default]));
      const graph = doc.graph;
      const rewired = graph.edges.filter((e) => !(e.from.node === 'transform' && (e.to.node === 'loop' || e.to.node === 'preview')));
      const edge = (id: string, from: [string, string], to: [string, string]) => ({ id, from: { node: from[0], port: from[1] }, to: { node: to[0], port: to[1] } });
      doc.apply({
        ...graph,
        nodes: [...graph.nodes, {
          id: 'monitor', type: 'loop-monitor', typeVersion: 1, position: { x: 700, y: 220 },
          params: { ...defaults, readEvery: 5, action: 'warn', maxHistogram: 0.05 },
        }],
        edges: [
          ...rewired,
          edge('m1', ['transform', 'frame'], ['monitor', 'frame']),
          edge('m2', ['source', 'frame'], ['monitor', 'reference']),
          edge('m3', ['monitor', 'frame'], ['loop', 'in']),
          edge('m4', ['monitor', 'frame'], ['preview', 'frame']),
        ],
      }, 'structure');
      doc.select(['monitor']);
    });
    expect((await graphOf(p)).edges).toContain('monitor.frame>loop.in');
    const panel = p.getByTestId('loop-monitor-panel');
    await panel.waitFor();
    await waitForFrame(p, 60);

    // The app's monitor history, fed by the node's host channel.
    const readings = () => p.evaluate(() => window.__studio!.monitors.get('monitor')?.size ?? 0);
    await eventually(readings).toBeGreaterThanOrEqual(8);
    // uPlot draws the series on a canvas inside the panel; the readout names each metric.
    expect(await panel.locator('canvas').count()).toBeGreaterThan(0);
    for (const metric of ['Detail', 'Motion', 'Colour distance', 'NaN/Inf']) expect(await panel.getByRole('rowheader', { name: metric }).count()).toBe(1);
    await eventually(() => panel.getByRole('status').textContent()).toMatch(/^Loop collapse over frames \d+–\d+: colour distance .* > 0\.050 → warned\.$/);
    const shown = await readings();
    await eventually(readings).toBeGreaterThan(shown);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(p, 'loop-monitor-panel');
    expect(browser.consoleErrors).toEqual([]);
  });
});
