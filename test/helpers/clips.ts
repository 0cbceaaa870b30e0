// Where the real development clips live (pedestrians.webm, box.webm). They sit in the
// workspace's shared/clips folder, next to the checkout; a clean clone elsewhere (a CI
// runner's temporary folder) finds them through NFP_CLIPS_DIR or the workspace's fixed path.
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CANDIDATES = [process.env['NFP_CLIPS_DIR'], path.resolve(ROOT, '..', 'shared', 'clips'), '/work/shared/clips'];

/** The folder holding the shared clips. @throws Error listing where it looked. */
export function clipsDir(): string {
  const found = CANDIDATES.find((dir): dir is string => dir !== undefined && existsSync(path.join(dir, 'pedestrians.webm')));
  if (!found) throw new Error(`The shared clips (pedestrians.webm, box.webm) were not found; looked in ${CANDIDATES.filter(Boolean).join(', ')}. Set NFP_CLIPS_DIR.`);
  return found;
}

export function clipPath(name: 'pedestrians.webm' | 'box.webm'): string {
  return path.join(clipsDir(), name);
}
