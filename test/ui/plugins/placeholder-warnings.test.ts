import { describe, expect, it } from 'vitest';
import { NodeRegistry, parseGraphFile, toGraphJson } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { warningsBesidesPluginNotice } from '../../../src/ui/plugins/placeholder-warnings';
import { GraphBuilder } from '../../helpers/graph-builder';

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);

/** Opens `text` as the editor does; returns the graph and what its banner would show. */
function bannerFor(text: string, installed: readonly string[] = []): string[] {
  const opened = parseGraphFile(text, registry);
  if (!opened.ok) throw opened.error;
  return warningsBesidesPluginNotice(opened.graph, opened.warnings, (id) => installed.includes(id));
}

/** A kaleidoscope of the listed (not installed) plugin, a node of a type no plugin owns, and a preview. */
function graphText(): string {
  const graph = new GraphBuilder(8)
    .node('src', 'train-window-source').node('kal', 'kaleidoscope/kaleidoscope').node('stray', 'mystery/blur').node('out', 'preview')
    .edge('src.frame', 'kal.frame').edge('kal.frame', 'out.frame')
    .build();
  const filled = parseGraphFile(toGraphJson({ ...graph, plugins: [{ id: 'kaleidoscope', version: '1.0.0', sha256: 'c'.repeat(64) }] }), registry);
  if (!filled.ok) throw filled.error;
  // Saved again with every built-in param set, as the editor saves it.
  return toGraphJson(filled.graph);
}

describe('warningsBesidesPluginNotice', () => {
  it('leaves a placeholder of a listed plugin to the missing-plugins notice', () => {
    const opened = parseGraphFile(graphText(), registry);
    if (!opened.ok) throw opened.error;
    expect(opened.warnings).toContain('node "kal" has unknown type "kaleidoscope/kaleidoscope": kept as a placeholder');
    expect(bannerFor(graphText())).not.toContain('node "kal" has unknown type "kaleidoscope/kaleidoscope": kept as a placeholder');
  });

  it('still reports a placeholder of a plugin installed in a build that lacks its type', () => {
    expect(bannerFor(graphText(), ['kaleidoscope'])).toContain('node "kal" has unknown type "kaleidoscope/kaleidoscope": kept as a placeholder');
  });

  it('still reports a placeholder no listed plugin explains', () => {
    expect(bannerFor(graphText())).toEqual(['node "stray" has unknown type "mystery/blur": kept as a placeholder']);
  });

  it('still reports real file problems, such as a param the file lacked', () => {
    const file = JSON.parse(graphText()) as { nodes: { id: string; params: Record<string, unknown> }[] };
    file.nodes.find((n) => n.id === 'src')!.params = {};
    const banner = bannerFor(JSON.stringify(file));
    expect(banner).toHaveLength(2);
    expect(banner[0]).toMatch(/^node "src" of type "train-window-source" had no value for .*: set to the default$/);
  });
});
