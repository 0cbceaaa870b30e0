import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NodeRegistry, parseGraphFile } from '../../src/core';
import type { ParamSchemas } from '../../src/core';
import { sha256Hex } from '../../src/core/storage/bytes';
import { builtInNodes } from '../../src/nodes';
import { exampleGraphs } from '../../src/nodes/examples';
import { exampleAssets } from '../../src/nodes/examples/example-assets';
import { checkpointFromArtifacts, loadGenerator } from '../../src/nodes/unet/checkpoint';
import { disposeUNet, predictNextFrame } from '../../src/nodes/unet/unet';
import { loadStylizer, STYLE_CHECKPOINT_FORMAT, styleCheckpointFromArtifacts } from '../../src/nodes/style/style-checkpoint';
import { disposeStylizer, stylizeFrame } from '../../src/nodes/style/stylizer';

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);
const PUBLIC = path.resolve(import.meta.dirname, '../../public');
const CHECKPOINTS = path.join(PUBLIC, 'checkpoints');

describe('example graphs', () => {
  it.each(exampleGraphs.map((e) => [e.id, e] as const))('%s parses without warnings', (_id, example) => {
    const parsed = parseGraphFile(example.text, registry);
    expect(parsed.ok && parsed.warnings).toEqual([]);
  });

  it('list every clip their asset params name among the files they ship, and ship each intact', async () => {
    const shipped = new Set<string>();
    for (const example of exampleGraphs) {
      const parsed = parseGraphFile(example.text, registry);
      if (!parsed.ok) continue;
      const named = parsed.graph.nodes.flatMap((n) => Object.entries(registry.get(n.type)!.params as ParamSchemas)
        .filter(([name, schema]) => schema.kind === 'asset' && n.params[name] !== '')
        .map(([name]) => String(n.params[name])));
      // Opening an example stores exactly its `assets`: a clip named but not listed would be missing.
      expect(named.filter((sha256) => !example.assets?.some((a) => a.sha256 === sha256)), example.id).toEqual([]);
      for (const asset of example.assets ?? []) shipped.add(asset.path);
    }
    expect([...shipped]).toEqual(exampleAssets.map((a) => a.path));
    for (const asset of exampleAssets) {
      const bytes = readFileSync(path.join(PUBLIC, asset.path));
      expect(await sha256Hex(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer), asset.path).toBe(asset.sha256);
    }
  });

  it('ship every checkpoint they name, intact, and the weights run at the size the node asks for', async () => {
    for (const example of exampleGraphs) {
      const parsed = parseGraphFile(example.text, registry);
      if (!parsed.ok) continue;
      const named = parsed.graph.nodes.flatMap((n) => Object.entries(registry.get(n.type)!.params as ParamSchemas)
        .filter(([name, schema]) => schema.kind === 'checkpoint' && n.params[name] !== '')
        .map(([name]) => ({ node: n, sha256: String(n.params[name]) })));
      for (const { node, sha256 } of named) {
        const weights = readFileSync(path.join(CHECKPOINTS, `${sha256}.bin`));
        const bytes = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
        expect(await sha256Hex(bytes)).toBe(sha256);
        const manifest = JSON.parse(readFileSync(path.join(CHECKPOINTS, `${sha256}.json`), 'utf8')) as Record<string, unknown>;
        if (manifest['format'] === STYLE_CHECKPOINT_FORMAT) {
          // Style weights are fully convolutional: they run at any frame size.
          const stylizer = loadStylizer(tf, styleCheckpointFromArtifacts(tf, { ...manifest, weightData: bytes }));
          const styled = tf.tidy(() => stylizeFrame(tf, stylizer, tf.fill([24, 20, 3], 0.5) as tf.Tensor3D));
          expect(styled.shape).toEqual([24, 20, 3]);
          tf.dispose(styled);
          disposeStylizer(stylizer);
          continue;
        }
        const net = loadGenerator(tf, checkpointFromArtifacts({ ...manifest, weightData: bytes }));
        expect(net.config.size).toBe(Number(node.params['size']));
        const frame = tf.tidy(() => predictNextFrame(tf, net, tf.fill([net.config.size, net.config.size, 3], 0.5) as tf.Tensor3D));
        expect(frame.shape).toEqual([net.config.size, net.config.size, 3]);
        tf.dispose(frame);
        disposeUNet(net);
      }
    }
  });
});
