import type { ElkNode } from 'elkjs';
import type { NodeEditor } from 'rete';
import type { AreaPlugin } from 'rete-area-plugin';
import type { AutoArrangePlugin } from 'rete-auto-arrange-plugin';
import { portRowCentre } from './node-layout';
import type { AreaExtra, Schemes } from './schemes';

type Position = { x: number; y: number };

export interface Arranger {
  /** Positions elk.js proposes for every node; nothing moves until the caller applies them. */
  positions(): Promise<Map<string, Position>>;
}

/**
 * Auto-arrange with rete-auto-arrange-plugin (elk.js "layered", left to right). Loaded on
 * first use: elk.js is large and most sessions never arrange.
 *
 * Feedback edges are left out of the layout: they are the edges that point backwards by
 * design, so the rest of the graph reads left to right and each loop shows as a wire
 * running back.
 */
export function createArranger(editor: NodeEditor<Schemes>, area: AreaPlugin<Schemes, AreaExtra>): Arranger {
  let plugin: Promise<{ arrange: AutoArrangePlugin<Schemes, AreaExtra>; Applier: typeof import('rete-auto-arrange-plugin').ArrangeAppliers.Applier }> | undefined;

  const load = () => (plugin ??= import('rete-auto-arrange-plugin').then(({ AutoArrangePlugin, ArrangeAppliers }) => {
    const arrange = new AutoArrangePlugin<Schemes, AreaExtra>();
    arrange.addPreset(() => ({
      port: ({ side, index, width }) => ({ side: side === 'input' ? 'WEST' : 'EAST', x: side === 'input' ? 0 : width, y: portRowCentre(index), width: 1, height: 1 }),
    }));
    area.use(arrange);
    return { arrange, Applier: ArrangeAppliers.Applier };
  }));

  return {
    async positions() {
      const { arrange, Applier } = await load();
      const found = new Map<string, Position>();
      class Collect extends Applier<Schemes, AreaExtra> {
        async apply(nodes: ElkNode[]): Promise<void> {
          for (const node of nodes) found.set(node.id, { x: node.x ?? 0, y: node.y ?? 0 });
        }
      }
      await arrange.layout({
        applier: new Collect(),
        connections: editor.getConnections().filter((c) => !c.feedback),
        options: {
          'elk.algorithm': 'layered',
          'elk.direction': 'RIGHT',
          'elk.spacing.nodeNode': '40',
          'elk.layered.spacing.nodeNodeBetweenLayers': '90',
          'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
        },
      });
      return found;
    },
  };
}
