import { strFromU8 } from 'fflate';
import { z } from 'zod';
import { formatPath } from '../graph-file/json-path';
import type { PathSegment } from '../graph-file/json-path';
import { BundleError } from './bundle-error';

/** `bundle.json`'s format name; the file name a bundle ends in is `.nfp.zip`. */
export const BUNDLE_FORMAT = 'nfp-studio-bundle';
export const BUNDLE_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256');
// Paths name zip entries; one that climbs out (`..`) or is absolute has no business in a bundle.
const path = z.string().min(1).max(300).refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must be a relative path inside the bundle');
const asset = z.strictObject({
  sha256,
  name: z.string().min(1).max(500),
  kind: z.enum(['video', 'image', 'image-sequence']),
  mimeType: z.string().max(200),
  bytes: z.int().min(0),
  meta: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
const bundleFile = z.strictObject({
  path,
  kind: z.enum(['graph', 'model-manifest', 'model-weights', 'asset', 'plugin']),
  sha256,
  name: z.string().max(500).optional(),
  asset: asset.optional(),
});
const bundleIndexSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.int().min(1),
  files: z.array(bundleFile).max(10_000),
});

/** The index of a bundle: every file with the SHA-256 of its bytes. */
export type BundleIndex = z.infer<typeof bundleIndexSchema>;
export type BundleFile = BundleIndex['files'][number];
export type FileKind = BundleFile['kind'];

/**
 * Reads and checks `bundle.json` against the zip's entries: its shape (every field, by zod),
 * its version, and that it lists every entry and `graph.json`.
 * @throws BundleError `not-a-bundle` (no index, or not this format), `invalid` naming the bad
 *   field, `tampered` when the zip holds a file the index does not list.
 */
export function readBundleIndex(entries: Readonly<Record<string, Uint8Array>>, source: string): BundleIndex {
  const raw = entries['bundle.json'];
  let doc: unknown;
  try {
    doc = raw ? JSON.parse(strFromU8(raw)) : undefined;
  } catch {
    doc = undefined;
  }
  if (typeof doc !== 'object' || doc === null || (doc as { format?: unknown }).format !== BUNDLE_FORMAT) {
    throw new BundleError('not-a-bundle', `${source} is a zip file but no graph bundle (it has no valid bundle.json).`);
  }
  const version = (doc as { version?: unknown }).version;
  if (typeof version === 'number' && version > BUNDLE_VERSION) throw new BundleError('invalid', `${source} was made by a newer version of the app. Update the app to open it.`);
  const parsed = bundleIndexSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = formatPath(issue.path.filter((s): s is PathSegment => typeof s !== 'symbol')) || '(the whole file)';
    throw new BundleError('invalid', `${source} has a damaged bundle.json: ${field} ${issue.message.replace(/^Invalid input: /, '')}. Nothing was imported.`);
  }
  const index = parsed.data;
  const paths = new Set(index.files.map((f) => f.path));
  if (!paths.has('graph.json')) throw new BundleError('invalid', `${source} has no graph.json.`);
  const unlisted = Object.keys(entries).find((p) => p !== 'bundle.json' && !paths.has(p) && !p.endsWith('/'));
  if (unlisted) throw new BundleError('tampered', `${source} was altered: it holds ${unlisted}, which its index does not list. Nothing was imported.`);
  return index;
}
