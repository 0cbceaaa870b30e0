import { describe, expect, it } from 'vitest';
import type { ParamSchemas } from '../../../src/core';
import { SOURCE_NODE_TYPES, assetParamOf } from '../../../src/ui/media/source-nodes';

function registryOf(types: Record<string, ParamSchemas>) {
  return { get: (type: string) => (types[type] ? ({ params: types[type] } as never) : undefined) };
}

describe('assetParamOf', () => {
  const registry = registryOf({
    'video-source': {
      end: { kind: 'enum', label: 'At the end', default: 'loop', options: ['loop', 'stop'] },
      clip: { kind: 'asset', label: 'Clip', default: '', accept: 'video' },
    },
    'image-source': { image: { kind: 'asset', label: 'Image', default: '', accept: 'image' } },
  });

  it('finds the file param of a source node from its schema', () => {
    expect(assetParamOf(registry, SOURCE_NODE_TYPES.video, 'video')).toBe('clip');
    expect(assetParamOf(registry, SOURCE_NODE_TYPES.image, 'image')).toBe('image');
  });

  it('finds none when the type is missing or takes another kind of file', () => {
    expect(assetParamOf(registry, SOURCE_NODE_TYPES['image-sequence'], 'image-sequence')).toBeUndefined();
    expect(assetParamOf(registry, 'image-source', 'video')).toBeUndefined();
  });
});
