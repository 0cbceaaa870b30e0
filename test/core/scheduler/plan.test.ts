import { describe, expect, it } from 'vitest';
import { compilePlan, PlanError } from '../../../src/core';
import { GraphBuilder } from '../../helpers/graph-builder';
import { testRegistry } from '../../helpers/test-nodes';

const registry = testRegistry();

function cycleError(run: () => unknown): PlanError {
  try { run(); } catch (error) { if (error instanceof PlanError) return error; throw error; }
  throw new Error('expected a PlanError');
}

describe('compilePlan', () => {
  it('orders every node after the nodes that feed it', () => {
    const graph = new GraphBuilder()
      .node('sink', 'test/probe').node('mid2', 'test/affine').node('mid1', 'test/affine').node('src', 'test/const')
      .edge('mid2.out', 'sink.in').edge('mid1.out', 'mid2.in').edge('src.out', 'mid1.in').build();
    expect(compilePlan(graph, registry).steps.map((s) => s.node.id)).toEqual(['src', 'mid1', 'mid2', 'sink']);
  });

  it('keeps file order between independent nodes so plans are deterministic', () => {
    const graph = new GraphBuilder().node('b', 'test/const').node('a', 'test/const').node('c', 'test/const').build();
    expect(compilePlan(graph, registry).steps.map((s) => s.node.id)).toEqual(['b', 'a', 'c']);
  });

  it('accepts a cycle that passes through a Feedback node and records it as a delayed edge', () => {
    const graph = new GraphBuilder().node('fb', 'feedback').node('f', 'test/affine')
      .edge('fb.out', 'f.in').edge('f.out', 'fb.in').build();
    const plan = compilePlan(graph, registry);
    expect(plan.steps.map((s) => s.node.id)).toEqual(['fb', 'f']);
    expect(plan.delayed).toEqual([{ target: { node: 'fb', port: 'in' }, source: { node: 'f', port: 'out' } }]);
  });

  it('rejects a cycle without a Feedback node, naming its nodes in order', () => {
    const graph = new GraphBuilder().node('src', 'test/const')
      .node('a', 'test/affine', {}, 'Blur').node('b', 'test/affine', {}, 'Warp').node('c', 'test/affine')
      .edge('a.out', 'b.in').edge('b.out', 'c.in').edge('c.out', 'a.in').build();
    const error = cycleError(() => compilePlan(graph, registry));
    expect(error.code).toBe('cycle');
    expect(error.message).toContain('"Blur" (a) → "Warp" (b) → "test/affine" (c) → "Blur" (a)');
    expect(error.message).toContain('Feedback');
    expect([...error.nodeIds].sort()).toEqual(['a', 'b', 'c']);
  });

  it('names every cycle when there are several, and not the nodes merely downstream of one', () => {
    const graph = new GraphBuilder()
      .node('a', 'test/affine').node('b', 'test/affine').node('c', 'test/affine').node('d', 'test/affine').node('tail', 'test/probe')
      .edge('a.out', 'b.in').edge('b.out', 'a.in').edge('c.out', 'd.in').edge('d.out', 'c.in').edge('d.out', 'tail.in').build();
    const error = cycleError(() => compilePlan(graph, registry));
    expect(error.message).toMatch(/^2 cycles do not pass through a Feedback node/);
    expect([...error.nodeIds].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rejects a node wired to itself', () => {
    const graph = new GraphBuilder().node('a', 'test/affine').edge('a.out', 'a.in').build();
    expect(cycleError(() => compilePlan(graph, registry)).message).toContain('(a) → "test/affine" (a)');
  });

  it('marks static branches cacheable and everything fed by a clock or a feedback edge dynamic', () => {
    const graph = new GraphBuilder().node('k', 'test/const').node('s', 'test/affine').node('t', 'test/clock')
      .node('d', 'test/affine').node('fb', 'feedback').node('f', 'test/affine')
      .edge('k.out', 's.in').edge('t.out', 'd.in').edge('fb.out', 'f.in').edge('f.out', 'fb.in').build();
    const dynamic = Object.fromEntries(compilePlan(graph, registry).steps.map((s) => [s.node.id, s.dynamic]));
    expect(dynamic).toEqual({ k: false, s: false, t: true, d: true, fb: true, f: true });
  });

  it('blocks a node with an unconnected required input, and the nodes after it', () => {
    const graph = new GraphBuilder().node('a', 'test/affine').node('p', 'test/probe').edge('a.out', 'p.in').build();
    const steps = compilePlan(graph, registry).steps;
    expect(steps[0]!.blockedBy).toBe('input "in" is not connected');
    expect(steps[1]!.blockedBy).toContain('waits for');
  });

  it('blocks a node whose type is not installed instead of failing the whole plan', () => {
    const graph = new GraphBuilder().node('x', 'someone/kaleidoscope').node('k', 'test/const').build();
    const steps = compilePlan(graph, registry).steps;
    expect(steps.find((s) => s.node.id === 'x')!.blockedBy).toBe('node type "someone/kaleidoscope" is not installed');
    expect(steps.find((s) => s.node.id === 'k')!.blockedBy).toBeUndefined();
  });

  it('rejects an edge between ports of different types', () => {
    const graph = new GraphBuilder().node('a', 'test/const').node('b', 'test/affine').edge('a.out', 'b.nope').build();
    expect(() => compilePlan(graph, registry)).toThrow(/edges\[0\]\.to: node "b" \(test\/affine\) has no input "nope"/);
  });
});
