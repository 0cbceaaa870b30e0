import type { Component } from 'svelte';
import type { GraphNode, InstalledPlugin } from '../core';
import type { EditorApp } from './editor-app';

/**
 * Per-type UI, xyflow-style (issue 22): a node type declares what the editor shows for it once,
 * beside its definition (`src/nodes/<type>.ui.ts`), and the composition root hands the one list
 * (src/nodes/ui.ts) to the app. The UI looks a type up here and never tests a type string.
 */
export interface NodeUi {
  /** A section of the inspector, under the node's parameters. */
  readonly panel?: NodePanel;
  /** The node is a viewer sink: the big preview shows its frames, and its card has a thumbnail. */
  readonly viewer?: boolean;
}

/** What every inspector panel receives. */
export interface NodePanelProps {
  readonly app: EditorApp;
  readonly node: GraphNode;
}

/**
 * An inspector section: a Svelte component plus the props its node's UI file hands it. Those
 * props carry node-side helpers and app-side state (a job runner, a history fed by host
 * channels): src/ui may import nothing from src/nodes but the registration lists.
 */
export interface NodePanel<Extra extends object = object> {
  readonly title: string;
  readonly component: Component<NodePanelProps & Extra>;
  readonly props: Extra;
}

/** Keeps the extra props typed against the component; the list then holds the widened form. */
export function nodePanel<Extra extends object>(title: string, component: Component<NodePanelProps & Extra>, props: Extra): NodePanel {
  return { title, component, props } as unknown as NodePanel;
}

/** Built-in UI by node type, as src/nodes/ui.ts lists it. */
export type NodeUiList = Readonly<Record<string, NodeUi>>;

/** Finds a type's UI: the built-in list, then what active plugins declared, else none. */
export type NodeUiLookup = (type: string) => NodeUi;

const NO_UI: NodeUi = {};

/**
 * The lookup the app uses. Plugins cannot ship Svelte components (their code runs in a
 * compartment with only the core API), so a plugin declares data only (`PluginDefinition.ui`:
 * the viewer role); panels are for built-in nodes.
 */
export function nodeUiLookup(builtIn: NodeUiList, plugins: () => readonly InstalledPlugin[] = () => []): NodeUiLookup {
  return (type) => {
    if (Object.hasOwn(builtIn, type)) return builtIn[type]!;
    const declared = plugins().find((p) => p.status === 'active' && p.nodeTypes.includes(type))?.ui?.[type];
    return declared ? { viewer: declared.viewer === true } : NO_UI;
  };
}
