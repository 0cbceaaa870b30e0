/**
 * Strongly connected components (Tarjan), iterative so a long chain of nodes cannot
 * overflow the stack. Returns only the components that are cycles: more than one node,
 * or one node with an edge to itself. Each cycle lists its nodes in edge order.
 */
export function findCycles(nodes: readonly string[], successors: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;

  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter); low.set(root, counter); counter++;
    stack.push(root); onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const succ = successors.get(frame.node) ?? [];
      if (frame.next < succ.length) {
        const w = succ[frame.next++]!;
        if (!index.has(w)) {
          index.set(w, counter); low.set(w, counter); counter++;
          stack.push(w); onStack.add(w);
          work.push({ node: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let w: string;
        do { w = stack.pop()!; onStack.delete(w); component.push(w); } while (w !== frame.node);
        const selfLoop = component.length === 1 && succ.includes(frame.node);
        if (component.length > 1 || selfLoop) cycles.push(orderAlongEdges(component, successors));
      }
    }
  }
  return cycles;
}

// Walk the cycle from its first node so the message reads A → B → C → A.
function orderAlongEdges(component: string[], successors: ReadonlyMap<string, readonly string[]>): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0]!;
  const path = [start];
  const seen = new Set(path);
  let current = start;
  for (;;) {
    const next = (successors.get(current) ?? []).find((s) => members.has(s) && !seen.has(s));
    if (next === undefined) break;
    path.push(next); seen.add(next); current = next;
  }
  // A component may not be one simple ring; list any member the walk missed.
  for (const member of component) if (!seen.has(member)) path.push(member);
  return path;
}
