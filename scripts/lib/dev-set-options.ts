// The dev-set command's flags (docs/dev-set.md), checked before anything is rendered.
import path from 'node:path';
import { parseArgs } from 'node:util';

export const DEV_SET_CLIPS = ['train-window-1', 'train-window-2', 'pan-zoom', 'water'] as const;
export type DevSetClip = (typeof DEV_SET_CLIPS)[number];

export const DEV_SET_USAGE = `Usage: npm run dev-set [-- --out dev-set] [--size 128] [--frames 240] [options]

Writes the generated clips of the development set (docs/dev-set.md) as WebM VP9, 24 fps.

  --out DIR          folder to write to (default: dev-set)
  --size N           frame side in pixels, 16…1024 (default: 128)
  --frames N         frames per clip, 1…10000 (default: 240)
  --only A[,B]       only these clips: ${DEV_SET_CLIPS.join(', ')}
  --force            rewrite clips whose file already exists (default: skip them)
  --help             show this text`;

export interface DevSetOptions {
  readonly out: string;
  readonly size: number;
  readonly frames: number;
  readonly clips: readonly DevSetClip[];
  readonly force: boolean;
}

export type ParsedDevSetArgs = { readonly ok: true; readonly options: DevSetOptions } | { readonly ok: false; readonly error: string } | { readonly ok: 'help' };

/** Parses the command's flags; `out` is resolved against `cwd`. */
export function parseDevSetArgs(argv: readonly string[], cwd = process.cwd()): ParsedDevSetArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: 'string', default: 'dev-set' },
        size: { type: 'string', default: '128' },
        frames: { type: 'string', default: '240' },
        only: { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  if (values.help) return { ok: 'help' };
  const size = integer(values.size, 16, 1024);
  if (size === undefined) return { ok: false, error: `--size must be a whole number of pixels from 16 to 1024 (got ${values.size})` };
  const frames = integer(values.frames, 1, 10_000);
  if (frames === undefined) return { ok: false, error: `--frames must be a whole number from 1 to 10000 (got ${values.frames})` };
  if (values.out.trim() === '') return { ok: false, error: '--out needs a folder' };
  let clips: readonly DevSetClip[] = DEV_SET_CLIPS;
  if (values.only !== undefined) {
    const names = values.only.split(',').map((name) => name.trim()).filter((name) => name !== '');
    const unknown = names.filter((name) => !(DEV_SET_CLIPS as readonly string[]).includes(name));
    if (unknown.length > 0 || names.length === 0) {
      return { ok: false, error: `--only takes clip names from: ${DEV_SET_CLIPS.join(', ')} (got ${values.only})` };
    }
    clips = DEV_SET_CLIPS.filter((name) => names.includes(name));
  }
  return { ok: true, options: { out: path.resolve(cwd, values.out), size, frames, clips, force: values.force } };
}

function integer(text: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}
