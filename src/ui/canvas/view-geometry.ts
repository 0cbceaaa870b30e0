import type { NodeEditor } from 'rete';
import type { AreaPlugin } from 'rete-area-plugin';
import type { ClientPoint } from './canvas-link';
import type { AreaExtra, Schemes } from './schemes';

/** Conversions between screen pixels and canvas coordinates, under the current pan and zoom. */
export function viewGeometry(container: HTMLElement, editor: NodeEditor<Schemes>, area: AreaPlugin<Schemes, AreaExtra>) {
  return {
    /** A screen point in canvas coordinates. */
    clientToArea(point: ClientPoint): { x: number; y: number } {
      const box = container.getBoundingClientRect();
      const { x, y, k } = area.area.transform;
      return { x: (point.clientX - box.left - x) / k, y: (point.clientY - box.top - y) / k };
    },
    /** Whether the node's whole card is inside the visible canvas. */
    isVisible(nodeId: string): boolean {
      const node = editor.getNode(nodeId);
      const at = area.nodeViews.get(nodeId)?.position;
      if (!node || !at) return true;
      const { x, y, k } = area.area.transform;
      const left = at.x * k + x;
      const top = at.y * k + y;
      return left >= 0 && top >= 0 && left + node.width * k <= container.clientWidth && top + node.height * k <= container.clientHeight;
    },
  };
}
