// Runs the render command as a user does, for the render e2e tests.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../../scripts/lib/app-server';

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

export interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string; readonly ms: number }

/** Runs `tsx scripts/render.ts …args` like `npm run render -- …args` does. */
export function render(args: readonly string[], timeoutMs = 150_000): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['scripts/render.ts', ...args], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`render timed out:\n${stdout}\n${stderr}`)); }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr, ms: Date.now() - started }); });
  });
}

/**
 * The MD5 of each decoded video frame of `file` (ffmpeg's framemd5 of the raw pictures), in
 * order: two files with the same list show the same pictures, whatever their container bytes.
 */
export function frameHashes(file: string): string[] {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-f', 'framemd5', '-'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg could not decode the frames of ${file}: ${result.stderr}`);
  return result.stdout.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => line.split(',').pop()!.trim());
}
