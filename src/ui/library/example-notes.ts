import { parseGraphFile } from '../../core';
import type { Graph, NodeRegistry } from '../../core';
import type { ExampleText } from './graph-file-commands';

/** Gallery blurbs for the built-in examples, by example id; an example without one shows none. */
const NOTES: Readonly<Record<string, string>> = {
  'train-window-demo':
    'A procedural train-window landscape fed back through Shift + Blend: each frame smears the last one sideways. No model needed; the simplest complete loop.',
  'train-window-generator':
    'A Next-Frame Generator fed its own output, with a small checkpoint trained on the procedural train window. Extract frames into a Dataset to train it further on your own clip.',
  'train-window-restoration':
    'Generator → Restoration → Loop Monitor → Feedback: the restoration network (trained against this generator) pulls drifted frames back, and the monitor plots detail, motion and colour drift.',
  'styled-loop':
    'Style Transfer → stylized dataset → generator: the clip takes on a picture\'s colours and texture, a generator fine-tuned on the stylized frames runs the loop, and an Upscaler takes it ×4 to the Preview and Encoder. Pick your own Style image and Train, then "Make stylized dataset" and train the generator on it.',
  'multiscale-loop':
    'Frame History → Multi-Scale Generator → back into the history: the generator (Mathieu, Couprie & LeCun) predicts each frame from the last four, starting from four real frames. It ships untrained: pick a dataset in the Dataset node, select the generator and press Train; the loop uses the weights as they learn.',
  'zoom-tunnel':
    'No model: a Keyframes schedule eases a Transform 2D\'s zoom up while an LFO turns it, and sharpening, grain and Colour Coherence keep the spiral crisp and its colours held. Edit the schedule or the LFO\'s range to reshape the tunnel.',
  'beat-loop':
    'A clip with a kick drum: the Audio node\'s bass band, mapped by a Math node, pushes a Transform 2D\'s zoom on every beat, and the Encoder records the clip\'s sound under the loop. The clip ships with the app; pick your own in the Video Source, Audio and Encoder nodes.',
};

/** One card of the examples gallery. */
export interface ExampleCard {
  readonly example: ExampleText;
  readonly note: string | undefined;
  /** Undefined when the example does not load with the node types registered now. */
  readonly graph: Graph | undefined;
  readonly problem: string | undefined;
}

/** The gallery's cards, each example parsed once to count and sketch its nodes. */
export function exampleCards(examples: readonly ExampleText[], registry: NodeRegistry): ExampleCard[] {
  return examples.map((example) => {
    const parsed = parseGraphFile(example.text, registry);
    return {
      example,
      note: NOTES[example.id],
      graph: parsed.ok ? parsed.graph : undefined,
      problem: parsed.ok ? undefined : parsed.error.message,
    };
  });
}
