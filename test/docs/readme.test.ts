import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The targets of the README's Markdown links and images that point into the repository. */
function localTargets(markdown: string): string[] {
  return [...markdown.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!.split('#')[0]!)
    .filter((target) => target !== '' && !/^[a-z]+:/i.test(target));
}

describe('README.md', () => {
  it('links and shows only files a fresh clone has (not test or build output)', () => {
    const targets = localTargets(README);
    expect(targets.length).toBeGreaterThan(5);
    for (const target of targets) {
      expect(existsSync(path.join(ROOT, target)), target).toBe(true);
      expect(target, 'made by a command, committed under docs/').not.toMatch(/^(test-results|dist|bench\/results)\//);
    }
  });

  it('shows a picture of the editor and a clip of a learned loop', () => {
    const images = [...README.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]);
    expect(images).toContain('docs/media/editor.png');
    expect(images).toContain('docs/media/learned-loop.webp');
  });

  it('walks the five-minute path in five steps', () => {
    const section = README.split('## Five minutes')[1]?.split('\n## ')[0] ?? '';
    expect(section.trim().split('\n').filter((line) => /^\d+\. /.test(line))).toHaveLength(5);
  });
});
