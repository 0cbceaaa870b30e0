import type { NodeEditor } from 'rete';
import type { AreaPlugin } from 'rete-area-plugin';
import { describe, expect, it } from 'vitest';
import type { AreaExtra, Schemes } from '../../../src/ui/canvas/schemes';
import { viewGeometry } from '../../../src/ui/canvas/view-geometry';

// viewGeometry reads only a few fields of the container, the editor and the area plugin:
// plain objects with those fields stand in for the DOM element and the rete objects.
interface Setup {
  box?: { left: number; top: number };
  client?: { width: number; height: number };
  transform?: { x: number; y: number; k: number };
  nodes?: Record<string, { at: { x: number; y: number }; width: number; height: number }>;
}

function geometry({ box = { left: 0, top: 0 }, client = { width: 800, height: 600 }, transform = { x: 0, y: 0, k: 1 }, nodes = {} }: Setup) {
  const container = { getBoundingClientRect: () => box, clientWidth: client.width, clientHeight: client.height } as unknown as HTMLElement;
  const editor = { getNode: (id: string) => nodes[id] && { id, width: nodes[id].width, height: nodes[id].height } } as unknown as NodeEditor<Schemes>;
  const nodeViews = new Map(Object.entries(nodes).map(([id, n]) => [id, { position: n.at }]));
  const area = { area: { transform }, nodeViews } as unknown as AreaPlugin<Schemes, AreaExtra>;
  return viewGeometry(container, editor, area);
}

describe('viewGeometry.clientToArea', () => {
  it('is the identity with no offset, pan or zoom', () => {
    expect(geometry({}).clientToArea({ clientX: 120, clientY: 45 })).toEqual({ x: 120, y: 45 });
  });

  it('undoes the container offset, the pan and the zoom', () => {
    const g = geometry({ box: { left: 100, top: 50 }, transform: { x: 20, y: 10, k: 2 } });
    expect(g.clientToArea({ clientX: 220, clientY: 110 })).toEqual({ x: 50, y: 25 });
    expect(g.clientToArea({ clientX: 120, clientY: 60 })).toEqual({ x: 0, y: 0 });
  });
});

describe('viewGeometry.isVisible', () => {
  const nodes = {
    inside: { at: { x: 10, y: 10 }, width: 200, height: 100 },
    right: { at: { x: 700, y: 10 }, width: 200, height: 100 },
    above: { at: { x: 10, y: -5 }, width: 200, height: 100 },
  };

  it('is true for a card wholly inside the container and false for one partly outside', () => {
    const g = geometry({ nodes });
    expect(g.isVisible('inside')).toBe(true);
    expect(g.isVisible('right')).toBe(false);
    expect(g.isVisible('above')).toBe(false);
  });

  it('follows the pan and the zoom', () => {
    expect(geometry({ nodes, transform: { x: -650, y: 20, k: 1 } }).isVisible('right')).toBe(true);
    // Zoomed in 4x, the 200 px card is 800 px wide and no longer fits.
    expect(geometry({ nodes, transform: { x: 0, y: 0, k: 4 } }).isVisible('inside')).toBe(false);
    // Zoomed out, the card that hung over the right edge fits.
    expect(geometry({ nodes, transform: { x: 0, y: 10, k: 0.5 } }).isVisible('right')).toBe(true);
  });

  it('counts a card touching the edges exactly as visible', () => {
    const g = geometry({ client: { width: 200, height: 100 }, nodes: { fit: { at: { x: 0, y: 0 }, width: 200, height: 100 } } });
    expect(g.isVisible('fit')).toBe(true);
  });

  it('treats a node it cannot find as visible, so nothing scrolls to it', () => {
    expect(geometry({ nodes }).isVisible('nowhere')).toBe(true);
  });
});
