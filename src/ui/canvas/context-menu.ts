import type { Component } from 'svelte';
import type { NodeRegistry } from '../../core';
import type { ContextMenuExtra } from 'rete-context-menu-plugin';
import type { RenderPreset } from 'rete-svelte-plugin/5';
import ContextMenu from './ContextMenu.svelte';
import { CanvasConnection, CanvasNode } from './schemes';
import type { Schemes } from './schemes';

/** One entry of the canvas context menu (the shape rete-context-menu-plugin renders). */
export interface MenuItem {
  readonly label: string;
  readonly key: string;
  handler(): void;
  readonly subitems?: MenuItem[];
}

/** What the menu can do; positions are where the menu was opened, in client pixels. */
export interface MenuActions {
  addNode(type: string): void;
  paste(): void;
  canPaste(): boolean;
  /** Makes the node the selection unless it is already part of it. */
  focusNode(nodeId: string): void;
  rename(nodeId: string): void;
  duplicate(): void;
  copy(): void;
  remove(): void;
  removeEdge(edgeId: string): void;
  fit(): void;
}

/** The items for a right click on the background, a node or a wire. */
export function menuItems(registry: NodeRegistry, actions: MenuActions) {
  return (context: 'root' | Schemes['Node'] | Schemes['Connection']): { searchBar: boolean; list: MenuItem[] } => {
    if (context instanceof CanvasNode) {
      actions.focusNode(context.id);
      return {
        searchBar: false,
        list: [
          { label: 'Rename', key: 'rename', handler: () => actions.rename(context.id) },
          { label: 'Duplicate', key: 'duplicate', handler: () => actions.duplicate() },
          { label: 'Copy', key: 'copy', handler: () => actions.copy() },
          { label: 'Delete', key: 'delete', handler: () => actions.remove() },
        ],
      };
    }
    if (context instanceof CanvasConnection) {
      return { searchBar: false, list: [{ label: 'Delete connection', key: 'delete-edge', handler: () => actions.removeEdge(context.id) }] };
    }
    const byCategory = new Map<string, MenuItem[]>();
    for (const definition of registry.list()) {
      const list = byCategory.get(definition.category) ?? [];
      list.push({ label: definition.title, key: definition.type, handler: () => actions.addNode(definition.type) });
      byCategory.set(definition.category, list);
    }
    const add = [...byCategory].sort(([a], [b]) => a.localeCompare(b)).map(([category, subitems]) => ({
      label: category, key: `category:${category}`, handler: () => undefined, subitems,
    }));
    const extra: MenuItem[] = [{ label: 'Zoom to fit', key: 'fit', handler: () => actions.fit() }];
    if (actions.canPaste()) extra.unshift({ label: 'Paste', key: 'paste', handler: () => actions.paste() });
    return { searchBar: true, list: [...add, ...extra] };
  };
}

/** Renders rete-context-menu-plugin's menus with the studio's own themed, accessible menu. */
export function contextMenuPreset<K extends ContextMenuExtra>(): RenderPreset<Schemes, K> {
  const props = (context: ContextMenuExtra) => context.type === 'render' && context.data.type === 'contextmenu'
    ? { items: context.data.items, onHide: context.data.onHide, searchBar: Boolean(context.data.searchBar) }
    : undefined;
  return {
    update: (context) => props(context as ContextMenuExtra),
    render: (context) => {
      const p = props(context as ContextMenuExtra);
      // The preset API types components without props; ContextMenu gets exactly `p`.
      return p && { component: ContextMenu as unknown as Component, props: p };
    },
  };
}
