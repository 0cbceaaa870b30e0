// The previews command's flags (scripts/make-previews.ts), checked before a browser starts,
// and the list of examples it renders: one per src/nodes/examples/<id>.graph.json.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isBackendName } from '../../src/core';
import type { BackendName } from '../../src/core';

export const EXAMPLES_DIR = path.resolve(import.meta.dirname, '../../src/nodes/examples');
const GRAPH_SUFFIX = '.graph.json';

export const PREVIEWS_USAGE = `Usage: npm run previews [-- --frames 120] [--only ID[,ID]] [options]

Renders every example graph (src/nodes/examples/<id>.graph.json) offline in headless Chromium
into a small looping WebM for the Examples gallery, and writes public/examples/previews.json
with each one's frame size and ms/frame. Then it remakes the README's media (docs/media/): a
screenshot of the editor running the learned-loop example and that example's preview as an
animated WebP. Examples not rendered this time keep their previous preview.

  --frames N        frames per example, 1…10000 (default: 120, 4 s at 30 fps)
  --only ID[,ID]    only these examples (repeatable); the ids are the graph files' names:
                    ${listExampleIds().join(', ')}
  --bitrate KBPS    VP9 bitrate of the previews, 50…5000 (default: 400: ~200 KB for 4 s)
  --backend NAME    tfjs backend: webgl (default), webgpu or cpu
  --out DIR         where the WebMs and previews.json go (default: public/examples)
  --dist DIR        serve this existing build of the app as it is (default: dist/, built
                    first when it is missing or older than the sources)
  --skip-readme     leave docs/media/ alone
  --readme-only     render no example: only remake docs/media/ from the previews there are
  --help            show this text`;

export interface PreviewsOptions {
  readonly frames: number;
  /** Example ids to render, in the folder's order (none with --readme-only). */
  readonly ids: readonly string[];
  readonly bitrateKbps: number;
  readonly backend: BackendName;
  readonly out: string;
  readonly dist: string | undefined;
  readonly readme: boolean;
}

export type ParsedPreviewsArgs = { readonly ok: true; readonly options: PreviewsOptions } | { readonly ok: false; readonly error: string } | { readonly ok: 'help' };

/** The example ids, from the graph files in src/nodes/examples/ (sorted). */
export function listExampleIds(dir = EXAMPLES_DIR): string[] {
  return readdirSync(dir).filter((name) => name.endsWith(GRAPH_SUFFIX)).map((name) => name.slice(0, -GRAPH_SUFFIX.length)).sort();
}

export function exampleGraphFile(id: string, dir = EXAMPLES_DIR): string {
  return path.join(dir, `${id}${GRAPH_SUFFIX}`);
}

/** Parses the command's flags against the `known` example ids; paths resolve against `cwd`. */
export function parsePreviewsArgs(argv: readonly string[], known: readonly string[], cwd = process.cwd()): ParsedPreviewsArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        frames: { type: 'string', default: '120' },
        only: { type: 'string', multiple: true },
        bitrate: { type: 'string', default: '400' },
        // WebGL by default: without a GPU (CI, this repository's machines) Chromium runs it on
        // SwiftShader several times faster than WebGPU (multi-scale loop: 1.6 s against 8 s a frame).
        backend: { type: 'string', default: 'webgl' },
        out: { type: 'string', default: 'public/examples' },
        dist: { type: 'string' },
        'skip-readme': { type: 'boolean', default: false },
        'readme-only': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  if (values.help) return { ok: 'help' };
  const frames = integer(values.frames, 1, 10_000);
  if (frames === undefined) return { ok: false, error: `--frames must be a whole number from 1 to 10000 (got ${values.frames})` };
  const bitrateKbps = integer(values.bitrate, 50, 5000);
  if (bitrateKbps === undefined) return { ok: false, error: `--bitrate must be a whole number of kbps from 50 to 5000 (got ${values.bitrate})` };
  if (!isBackendName(values.backend)) return { ok: false, error: `--backend must be webgpu, webgl or cpu (got ${values.backend})` };
  if (values.out.trim() === '') return { ok: false, error: '--out needs a folder' };
  if (values['readme-only'] && (values['skip-readme'] || values.only !== undefined)) {
    return { ok: false, error: '--readme-only renders no example: it goes with neither --only nor --skip-readme' };
  }

  let ids: readonly string[] = values['readme-only'] ? [] : known;
  if (values.only !== undefined) {
    const named = values.only.flatMap((list) => list.split(',')).map((id) => id.trim()).filter((id) => id !== '');
    const unknown = named.filter((id) => !known.includes(id));
    if (named.length === 0 || unknown.length > 0) {
      return { ok: false, error: `--only takes example ids from: ${known.join(', ')} (got ${unknown.join(', ') || 'none'})` };
    }
    ids = known.filter((id) => named.includes(id));
  }
  return {
    ok: true,
    options: {
      frames,
      ids,
      bitrateKbps,
      backend: values.backend,
      out: path.resolve(cwd, values.out),
      dist: values.dist === undefined ? undefined : path.resolve(cwd, values.dist),
      readme: !values['skip-readme'],
    },
  };
}

function integer(text: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}
