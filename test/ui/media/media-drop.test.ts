import { describe, expect, it, vi } from 'vitest';
import type { AssetInfo, AssetKind, JsonValue, ParamSchemas } from '../../../src/core';
import type { ClientPoint } from '../../../src/ui/canvas/canvas-link';
import { MediaDrop } from '../../../src/ui/media/media-drop.svelte';
import type { MediaDropPorts } from '../../../src/ui/media/media-drop.svelte';

const SHA = 'a'.repeat(64);
const AT: ClientPoint = { clientX: 300, clientY: 200 };
const GRAPH_TEXT = '{"format":"nfp-studio-graph"}';

const sources: Record<string, ParamSchemas> = {
  'video-source': { clip: { kind: 'asset', label: 'Clip', default: '', accept: 'video' } },
  'image-source': { image: { kind: 'asset', label: 'Image', default: '', accept: 'image' } },
  'image-sequence-source': { images: { kind: 'asset', label: 'Images', default: '', accept: 'image-sequence' } },
};

const TITLES: Record<string, string> = { 'video-source': 'Video Source', 'image-source': 'Image Source', 'image-sequence-source': 'Image Sequence' };

interface Harness {
  readonly drop: MediaDrop;
  readonly ports: MediaDropPorts;
  readonly added: { type: string; params: Readonly<Record<string, JsonValue>>; at?: ClientPoint }[];
  readonly reports: string[];
  readonly imports: { names: string[]; kind: AssetKind }[];
}

function harness(options: { graph?: string | null | Error; importError?: Error; installed?: string[] } = {}): Harness {
  const added: Harness['added'] = [];
  const reports: string[] = [];
  const imports: Harness['imports'] = [];
  const installed = options.installed ?? Object.keys(sources);
  const ports: MediaDropPorts = {
    shelf: {
      import: async (files, kind) => {
        imports.push({ names: files.map((f) => f.name), kind });
        if (options.importError) throw options.importError;
        return { sha256: SHA, name: files[0]!.name, kind } as AssetInfo;
      },
    },
    registry: { get: (type) => (installed.includes(type) ? ({ title: TITLES[type], params: sources[type] } as never) : undefined) },
    readGraph: vi.fn(async () => {
      if (options.graph instanceof Error) throw options.graph;
      return options.graph ?? null;
    }),
    openGraphFile: vi.fn(async () => true),
    openGraphText: vi.fn(async () => true),
    addNode: (type, params, at) => {
      added.push({ type, params, ...(at ? { at } : {}) });
      return 'node-1';
    },
    report: (message) => reports.push(message),
    status: vi.fn(),
  };
  return { drop: new MediaDrop(ports), ports, added, reports, imports };
}

const video = (name = 'clip.webm') => new File(['x'], name, { type: 'video/webm' });
const image = (name: string) => new File(['x'], name, { type: 'image/png' });

/** Lets the drop run up to its question, then answers it. */
async function answer(h: Harness, pending: Promise<unknown>, choice: 'open' | 'source' | 'cancel'): Promise<void> {
  await vi.waitFor(() => expect(h.drop.question).toBeDefined());
  h.drop.question!.answer(choice);
  await pending;
}

describe('MediaDrop', () => {
  it('opens a dropped graph file through the library import', async () => {
    const h = harness();
    const graph = new File(['{}'], 'loop.nfpgraph.json', { type: 'application/json' });
    expect(await h.drop.drop([graph], AT)).toBe('opened-graph');
    expect(h.ports.openGraphFile).toHaveBeenCalledWith(graph);
    expect(h.added).toEqual([]);
  });

  it('adds a Video Source with the clip set, at the drop point, when the video carries no graph', async () => {
    const h = harness({ graph: null });
    expect(await h.drop.drop([video()], AT)).toBe('added-source');
    expect(h.imports).toEqual([{ names: ['clip.webm'], kind: 'video' }]);
    expect(h.added).toEqual([{ type: 'video-source', params: { clip: SHA }, at: AT }]);
    expect(h.ports.status).toHaveBeenCalledWith(expect.stringContaining('Added “clip.webm” in a new Video Source node'));
  });

  it('asks what to do with a video that carries its graph, and opens the graph when told to', async () => {
    const h = harness({ graph: GRAPH_TEXT });
    const pending = h.drop.drop([video('made.webm')], AT);
    await vi.waitFor(() => expect(h.drop.question?.fileName).toBe('made.webm'));
    await answer(h, pending, 'open');
    expect(await pending).toBe('opened-graph');
    expect(h.ports.openGraphText).toHaveBeenCalledWith(GRAPH_TEXT, 'the graph inside “made.webm”');
    expect(h.imports).toEqual([]);
    expect(h.drop.question).toBeUndefined();
  });

  it('uses the graph-carrying clip as a source when told to', async () => {
    const h = harness({ graph: GRAPH_TEXT });
    const pending = h.drop.drop([video('made.webm')], AT);
    await answer(h, pending, 'source');
    expect(await pending).toBe('added-source');
    expect(h.ports.openGraphText).not.toHaveBeenCalled();
    expect(h.added).toEqual([{ type: 'video-source', params: { clip: SHA }, at: AT }]);
  });

  it('changes nothing when the question is cancelled', async () => {
    const h = harness({ graph: GRAPH_TEXT });
    const pending = h.drop.drop([video()], AT);
    await answer(h, pending, 'cancel');
    expect(await pending).toBe('cancelled');
    expect(h.imports).toEqual([]);
    expect(h.added).toEqual([]);
    expect(h.ports.openGraphText).not.toHaveBeenCalled();
  });

  it('reports the import’s own message for a file that is not a video, and adds nothing', async () => {
    const refusal = new Error('“fake.webm” is not a video the studio can read (unknown format). Pick a WebM or MP4 file.');
    const h = harness({ graph: new Error('cannot read this file as a video'), importError: refusal });
    expect(await h.drop.drop([video('fake.webm')], AT)).toBe('failed');
    expect(h.added).toEqual([]);
    expect(h.reports).toEqual([`${refusal.message} Nothing was added; the graph is unchanged.`]);
    expect(h.drop.working).toBeUndefined();
  });

  it('names the file in a storage failure that does not', async () => {
    const h = harness({ importError: new Error('The browser refused to store more data (quota).') });
    await h.drop.drop([video('big.webm')]);
    expect(h.reports[0]).toBe('“big.webm” was not added: The browser refused to store more data (quota). The graph is unchanged.');
  });

  it('adds an Image Source for one image and an Image Sequence for several, in name order', async () => {
    const h = harness();
    expect(await h.drop.drop([image('still.png')], AT)).toBe('added-source');
    expect(await h.drop.drop([image('f10.png'), image('f9.png')])).toBe('added-source');
    expect(h.imports).toEqual([
      { names: ['still.png'], kind: 'image' },
      { names: ['f9.png', 'f10.png'], kind: 'image-sequence' },
    ]);
    expect(h.added).toEqual([
      { type: 'image-source', params: { image: SHA }, at: AT },
      { type: 'image-sequence-source', params: { images: SHA } },
    ]);
  });

  it('refuses an unsupported file by name without reading or storing it', async () => {
    const h = harness();
    expect(await h.drop.drop([new File(['hi'], 'notes.txt', { type: 'text/plain' })], AT)).toBe('refused');
    expect(h.reports[0]).toContain('“notes.txt” is not a file the studio can use');
    expect(h.ports.readGraph).not.toHaveBeenCalled();
    expect(h.imports).toEqual([]);
  });

  it('stores nothing when no node could play the file', async () => {
    const h = harness({ installed: [] });
    expect(await h.drop.drop([image('still.png')])).toBe('refused');
    expect(h.reports[0]).toContain('no node that plays an image (type “image-source”) is installed');
    expect(h.imports).toEqual([]);
  });

  it('refuses a second drop while the first is still importing', async () => {
    const h = harness();
    let release!: () => void;
    h.ports.shelf.import = (files, kind) => new Promise((resolve) => {
      release = () => resolve({ sha256: SHA, name: files[0]!.name, kind } as AssetInfo);
    });
    const first = h.drop.drop([image('a.png')]);
    await vi.waitFor(() => expect(h.drop.working).toBe('Importing “a.png”…'));
    expect(await h.drop.drop([image('b.png')])).toBe('refused');
    expect(h.reports[0]).toContain('Importing “a.png”… Drop the next file when it has finished.');
    release();
    expect(await first).toBe('added-source');
    expect(h.added).toHaveLength(1);
  });
});
