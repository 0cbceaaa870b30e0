import { AppSessions } from '../../../src/ui/app-sessions';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NodeRegistry, parseGraphFile } from '../../../src/core';
import type { Graph, Scheduler, StudioStorage } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { demoGraph } from '../../../src/nodes/examples';
import { DatasetsSession } from '../../../src/ui/datasets/datasets-session.svelte';
import type { EditorApp } from '../../../src/ui/editor-app';
import { GraphDocument } from '../../../src/ui/graph-document.svelte';
import { openTestStorage } from '../../core/storage/storage-test-kit';

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);

function demo(): Graph {
  const parsed = parseGraphFile(demoGraph.text, registry);
  if (!parsed.ok) throw parsed.error;
  return parsed.graph;
}

/** A session over the demo graph, as the editor builds it; no scheduler runs. */
function harness(storage: StudioStorage | undefined, graph = demo()) {
  const scheduler = { load: () => Promise.resolve() } as unknown as Scheduler;
  const document = new GraphDocument(registry, scheduler, graph);
  const app = { document, registry, scheduler, storage, tf, sessions: new AppSessions() } as unknown as EditorApp;
  return { app, document, session: new DatasetsSession(app) };
}

const form = { name: '  Train 16  ', width: 16, height: 16, stride: 2, maxFrames: 4 };

describe('DatasetsSession', () => {
  it('extracts the node as it was when started, into a dataset the catalog then lists', async () => {
    const { storage } = await openTestStorage();
    const { document, session } = harness(storage);
    const node = document.graph.nodes.find((n) => n.id === 'source')!;
    const job = session.startExtraction(node, 'Train Window', form);
    expect(session.startExtraction(node, 'Train Window', form)).toBe(job); // one at a time
    await job.finished;
    await session.catalog.refresh();
    expect(job.phase).toBe('done');
    expect(session.catalog.datasets).toMatchObject([{ name: 'Train 16', width: 16, height: 16, frameCount: 4 }]);
  });

  it('keeps the extract dialog open while a job runs, and clears the job when it closes afterwards', async () => {
    const { storage } = await openTestStorage();
    const { document, session } = harness(storage);
    session.openExtract('source');
    const job = session.startExtraction(document.graph.nodes[0]!, 'Train Window', form);
    session.closeExtract();
    expect(session.extractFor).toBe('source');
    await job.finished;
    session.closeExtract();
    expect(session.extractFor).toBeUndefined();
    expect(session.job).toBeUndefined();
  });

  it('asks before deleting, and names the Dataset nodes that use the dataset', async () => {
    const { storage } = await openTestStorage();
    const id = await storage.createDataset({ name: 'Clip', width: 2, height: 2 });
    const graph = demo();
    const withNode: Graph = {
      ...graph,
      nodes: [...graph.nodes, { id: 'd', type: 'dataset', typeVersion: 1, params: { dataset: id }, position: { x: 0, y: 0 } }],
    };
    const { session } = harness(storage, withNode);
    await session.catalog.refresh();
    const dataset = session.catalog.datasets[0]!;

    const declined = session.remove(dataset);
    expect(session.confirmations.pending?.message).toBe(
      'Its 0 frames are deleted from this browser\'s storage. This cannot be undone. A Dataset node in this graph will then point at a missing dataset.',
    );
    session.confirmations.pending!.resolve(false);
    expect(await declined).toBe(false);
    expect(await storage.listDatasets()).toHaveLength(1);

    const accepted = session.remove(dataset);
    session.confirmations.pending!.resolve(true);
    expect(await accepted).toBe(true);
    expect(await storage.listDatasets()).toEqual([]);
    expect(session.catalog.datasets).toEqual([]);
  });

  it('refuses to start without storage, saying why', () => {
    const { document, session } = harness(undefined);
    expect(() => session.startExtraction(document.graph.nodes[0]!, 'Train Window', form)).toThrow(/Browser storage is unavailable/);
  });
});
