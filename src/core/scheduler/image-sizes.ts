import { describeNode } from '../graph/graph';
import type { FrameSize } from '../graph/node-definition';
import { isImagePort } from '../graph/ports';
import type { Plan, PlanStep } from './plan';
import { portKey } from './plan';

/**
 * Largest side an image may have anywhere in a graph. WebGPU's default texture limit is 8192,
 * and one 8192² RGB float frame is already 768 MiB: past this a chain of Upscalers (×4 after ×4
 * after a 4096 px frame) would exhaust GPU memory before its first frame rather than fail.
 */
export const MAX_IMAGE_SIDE_IN_GRAPH = 8192;

/** The size of every frame/image output and every connected frame/image input of a plan. */
export interface ImageSizes {
  /** Output sizes by port key (see `portKey`). */
  readonly outputs: ReadonlyMap<string, FrameSize>;
  /** Each step's connected frame/image input sizes, by node id then port name. */
  readonly inputs: ReadonlyMap<string, Readonly<Record<string, FrameSize>>>;
  /**
   * Nodes that must not run because an image they make or take is over
   * {@link MAX_IMAGE_SIDE_IN_GRAPH} a side, with a message naming the chain of
   * nodes that made it. The frame runner neither creates nor runs them.
   */
  readonly refused: ReadonlyMap<string, string>;
}

/** A size and the nodes it came through, from the node that made a graph-sized frame on. */
interface Traced { readonly size: FrameSize; readonly chain: readonly string[] }

/**
 * Works out image sizes statically, in plan order: `frame` outputs have the graph's size;
 * `image` outputs the size their node's `imageSize` gives (default: its first connected
 * frame/image input's size). Delayed inputs carry frames (the Feedback node), so they have
 * the graph's size. A node whose `imageSize` throws gets the graph's size here and fails
 * when it runs, with its own message.
 */
export function imageSizes(plan: Plan, graphSize: FrameSize): ImageSizes {
  const outputs = new Map<string, Traced>();
  const inputs = new Map<string, Record<string, FrameSize>>();
  const refused = new Map<string, string>();
  for (const step of plan.steps) {
    const traced: Record<string, Traced> = {};
    for (const input of step.inputs) {
      if (!input.source || !isImagePort(input.port.type)) continue;
      traced[input.port.name] = (!input.port.delayed && outputs.get(portKey(input.source))) || { size: graphSize, chain: [] };
    }
    inputs.set(step.node.id, Object.fromEntries(Object.entries(traced).map(([name, t]) => [name, t.size])));
    const firstInput = step.inputs.find((i) => traced[i.port.name] !== undefined);
    const from = firstInput ? traced[firstInput.port.name]! : { size: graphSize, chain: [] };
    const self = describeNode(step.node);
    for (const port of step.definition.outputs) {
      const key = portKey({ node: step.node.id, port: port.name });
      if (port.type === 'frame') outputs.set(key, { size: graphSize, chain: [`${self} ${sizeText(graphSize)}`] });
      if (port.type === 'image') {
        const size = declaredSize(step, from.size, graphSize);
        outputs.set(key, { size, chain: [...from.chain, `${self} ${sizeText(size)}`] });
      }
    }
    const oversized = [...Object.values(traced), ...step.definition.outputs.map((p) => outputs.get(portKey({ node: step.node.id, port: p.name })))]
      .find((t) => t !== undefined && !withinCap(t.size));
    if (oversized) refused.set(step.node.id, oversizeMessage(oversized));
  }
  const sizes = new Map([...outputs].map(([key, t]) => [key, t.size]));
  return { outputs: sizes, inputs, refused };
}

// Written so that NaN (a plugin's `imageSize` gone wrong) is outside too.
function withinCap({ width, height }: FrameSize): boolean {
  return width <= MAX_IMAGE_SIDE_IN_GRAPH && height <= MAX_IMAGE_SIDE_IN_GRAPH;
}

function oversizeMessage({ size, chain }: Traced): string {
  return `image size ${sizeText(size)} is over the limit of ${MAX_IMAGE_SIDE_IN_GRAPH} px a side; it comes from ${chain.join(' → ')}. Lower a scale or the graph's frame size.`;
}

function sizeText({ width, height }: FrameSize): string {
  return `${width}×${height}`;
}

function declaredSize(step: PlanStep, inputSize: FrameSize, graphSize: FrameSize): FrameSize {
  if (!step.definition.imageSize) return inputSize;
  try {
    return step.definition.imageSize(step.params as never, inputSize);
  } catch {
    return graphSize;
  }
}
