import type { AnyNodeDefinition, FrameSize } from '../graph/node-definition';
import type { PortValue } from '../graph/ports';
import { isTensor } from './tensor-ledger';

/**
 * Why a node's outputs break its declared ports, or null. Reads only tensor metadata.
 * `imageSize` gives each `image` output's size worked out when the graph was compiled.
 */
export function checkOutputs(
  definition: AnyNodeDefinition, outputs: Readonly<Record<string, PortValue>>, size: FrameSize, imageSize: (port: string) => FrameSize = () => size,
): string | null {
  if (typeof outputs !== 'object' || outputs === null) return 'process must return an object of outputs by port name';
  for (const port of definition.outputs) {
    const value = outputs[port.name];
    if (value === undefined) return `output "${port.name}" is missing`;
    switch (port.type) {
      case 'frame':
      case 'image': {
        if (!isTensor(value)) return `output "${port.name}" must be ${port.type === 'frame' ? 'a frame' : 'an image'} tensor`;
        const { height, width } = port.type === 'frame' ? size : imageSize(port.name);
        const expected = [height, width, 3];
        if (value.shape.length !== 3 || value.shape.some((d, i) => d !== expected[i])) {
          return `output "${port.name}" has shape [${value.shape.join(', ')}], expected [${expected.join(', ')}]`;
        }
        if (value.dtype !== 'float32') return `output "${port.name}" has dtype ${value.dtype}, expected float32`;
        break;
      }
      case 'number':
        if (typeof value !== 'number') return `output "${port.name}" must be a number`;
        break;
      case 'model':
      case 'dataset':
        if (typeof value !== 'object' || value === null || (value as { kind?: unknown }).kind !== port.type) {
          return `output "${port.name}" must be a ${port.type} reference`;
        }
        break;
    }
  }
  return null;
}

export { errorMessage } from '../error-message';
