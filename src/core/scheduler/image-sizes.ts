import type { FrameSize } from '../graph/node-definition';
import { isImagePort } from '../graph/ports';
import type { Plan, PlanStep } from './plan';
import { portKey } from './plan';

/** The size of every frame/image output and every connected frame/image input of a plan. */
export interface ImageSizes {
  /** Output sizes by port key (see `portKey`). */
  readonly outputs: ReadonlyMap<string, FrameSize>;
  /** Each step's connected frame/image input sizes, by node id then port name. */
  readonly inputs: ReadonlyMap<string, Readonly<Record<string, FrameSize>>>;
}

/**
 * Works out image sizes statically, in plan order: `frame` outputs have the graph's size;
 * `image` outputs the size their node's `imageSize` gives (default: its first connected
 * frame/image input's size). Delayed inputs carry frames (the Feedback node), so they have
 * the graph's size. A node whose `imageSize` throws gets the graph's size here and fails
 * when it runs, with its own message.
 */
export function imageSizes(plan: Plan, graphSize: FrameSize): ImageSizes {
  const outputs = new Map<string, FrameSize>();
  const inputs = new Map<string, Record<string, FrameSize>>();
  for (const step of plan.steps) {
    const sizes: Record<string, FrameSize> = {};
    for (const input of step.inputs) {
      if (!input.source || !isImagePort(input.port.type)) continue;
      sizes[input.port.name] = input.port.delayed ? graphSize : outputs.get(portKey(input.source)) ?? graphSize;
    }
    inputs.set(step.node.id, sizes);
    const firstInput = step.inputs.find((i) => sizes[i.port.name] !== undefined);
    const inputSize = firstInput ? sizes[firstInput.port.name]! : graphSize;
    for (const port of step.definition.outputs) {
      if (port.type === 'frame') outputs.set(portKey({ node: step.node.id, port: port.name }), graphSize);
      if (port.type === 'image') outputs.set(portKey({ node: step.node.id, port: port.name }), declaredSize(step, inputSize, graphSize));
    }
  }
  return { outputs, inputs };
}

function declaredSize(step: PlanStep, inputSize: FrameSize, graphSize: FrameSize): FrameSize {
  if (!step.definition.imageSize) return inputSize;
  try {
    return step.definition.imageSize(step.params as never, inputSize);
  } catch {
    return graphSize;
  }
}
