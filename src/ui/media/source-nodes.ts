import type { AssetKind, NodeRegistry, ParamSchemas } from '../../core';

/** The built-in node that plays each kind of file (src/nodes/*-source.ts). */
export const SOURCE_NODE_TYPES: Readonly<Record<AssetKind, string>> = {
  video: 'video-source',
  image: 'image-source',
  'image-sequence': 'image-sequence-source',
};

/**
 * The param of node `type` that holds a file of `kind`, found from its schema rather than
 * assumed, so a renamed param cannot silently leave a dropped clip unset. Undefined when the
 * type is not installed or takes no such file.
 */
export function assetParamOf(registry: Pick<NodeRegistry, 'get'>, type: string, kind: AssetKind): string | undefined {
  const params = registry.get(type)?.params as ParamSchemas | undefined;
  if (!params) return undefined;
  return Object.entries(params).find(([, schema]) => schema.kind === 'asset' && schema.accept === kind)?.[0];
}
