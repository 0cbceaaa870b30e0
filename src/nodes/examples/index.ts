import trainWindowDemo from './train-window-demo.graph.json?raw';
import trainWindowGenerator from './train-window-generator.graph.json?raw';
import trainWindowRestoration from './train-window-restoration.graph.json?raw';
import styledLoop from './styled-loop.graph.json?raw';
import multiscaleLoop from './multiscale-loop.graph.json?raw';
import zoomTunnel from './zoom-tunnel.graph.json?raw';
import beatLoop from './beat-loop.graph.json?raw';
import { beatClip } from './example-assets';
import type { ExampleAsset } from './example-assets';

/**
 * Built-in example graphs, as graph-file text: they load through the same parser as user files.
 * `assets` are the shipped files its asset params name, stored when it is opened.
 */
export interface ExampleGraph { readonly id: string; readonly title: string; readonly text: string; readonly assets?: readonly ExampleAsset[] }

export const exampleGraphs: readonly ExampleGraph[] = [
  { id: 'train-window-demo', title: 'Train window feedback (demo)', text: trainWindowDemo },
  // Its generator checkpoint ships in public/checkpoints (scripts/train-demo-checkpoint.ts made it).
  { id: 'train-window-generator', title: 'Train window generator (learned loop)', text: trainWindowGenerator },
  { id: 'train-window-restoration', title: 'Restoration loop', text: trainWindowRestoration },
  // Its stylizer and generator ship in public/checkpoints (scripts/train-style-demo.ts made them).
  { id: 'styled-loop', title: 'Styled loop', text: styledLoop },
  // Ships untrained: the multi-scale generator needs minutes of training even on a GPU to show anything.
  { id: 'multiscale-loop', title: 'Multi-scale loop', text: multiscaleLoop },
  // No model: Keyframes and an LFO drive a Transform 2D's zoom and angle (docs/modulation.md).
  { id: 'zoom-tunnel', title: 'Zoom tunnel', text: zoomTunnel },
  // Its clip (sound and pictures) ships in public/examples/assets (scripts/make-beat-clip.ts made it).
  { id: 'beat-loop', title: 'Beat loop', text: beatLoop, assets: [beatClip] },
];

/** The graph the editor opens on a fresh start. */
export const demoGraph: ExampleGraph = exampleGraphs[0]!;
