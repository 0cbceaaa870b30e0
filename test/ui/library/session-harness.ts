// A library session over a fresh document showing the demo graph, as main.ts builds it, with no
// scheduler running. Tabs of one browser share an in-memory Web Locks manager (see
// test/setup/web-locks.ts) and, when a test asks, a BroadcastChannel name.
import { AppSessions } from '../../../src/ui/app-sessions';
import { NodeRegistry, parseGraphFile } from '../../../src/core';
import type { Graph, Scheduler, StudioStorage } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { demoGraph } from '../../../src/nodes/examples';
import type { EditorApp } from '../../../src/ui/editor-app';
import { GraphDocument } from '../../../src/ui/graph-document.svelte';
import { LibrarySession } from '../../../src/ui/library/library-session.svelte';
import type { ChangeChannel } from '../../../src/ui/library/other-tabs.svelte';
import type { SchedulerState } from '../../../src/ui/scheduler-state.svelte';
import { InMemoryLocks } from '../../setup/web-locks';

export const registry = new NodeRegistry();
registry.registerAll(builtInNodes);

export function demo(): Graph {
  const parsed = parseGraphFile(demoGraph.text, registry);
  if (!parsed.ok) throw parsed.error;
  return parsed.graph;
}

export function renamed(graph: Graph, name: string): Graph {
  return { ...graph, name };
}

export interface HarnessOptions {
  /** The browser profile's locks; default a fresh manager per call (a tab alone in its browser). */
  readonly locks?: InMemoryLocks;
  /** A BroadcastChannel name shared by this test's tabs; default none. */
  readonly channel?: string;
}

export function harness(storage: StudioStorage | undefined, options: HarnessOptions = {}) {
  const reports: { kind: string; message: string }[] = [];
  const scheduler = { load: () => Promise.resolve(), reset: () => Promise.resolve() } as unknown as Scheduler;
  const studio = { report: (kind: string, message: string) => reports.push({ kind, message }) } as unknown as SchedulerState;
  const document = new GraphDocument(registry, scheduler, demo());
  // No plugins installed: placeholders of listed plugins are left to the missing-plugins notice.
  const plugins = { list: () => [] };
  const app = { document, registry, scheduler, studio, storage, plugins, sessions: new AppSessions() } as unknown as EditorApp;
  const name = options.channel;
  const session = new LibrarySession(app, {
    draftDelayMs: 5,
    locks: options.locks ?? new InMemoryLocks(),
    channel: () => (name === undefined ? undefined : (new BroadcastChannel(name) as unknown as ChangeChannel)),
  });
  return { app, document, session, reports };
}
