import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NodeRegistry, Scheduler } from '../../../src/core';
import { builtInNodes } from '../../../src/nodes';
import { GraphBuilder } from '../../helpers/graph-builder';

const registry = new NodeRegistry();
registry.registerAll(builtInNodes);

/** The demo loop's shape at 16×16, plus a static branch, with the preview watched as the UI does. */
function loop() {
  return new GraphBuilder(16)
    .node('source', 'train-window-source').node('fb', 'feedback').node('grey', 'solid-color', { color: '#404040' })
    .node('mix', 'shift-blend', { dx: -1, dy: 1, gain: 1, mix: 0.2 }).node('out', 'preview')
    .edge('source.frame', 'fb.seed').edge('fb.out', 'mix.frame').edge('grey.frame', 'mix.source')
    .edge('mix.frame', 'fb.in').edge('mix.frame', 'out.frame')
    .build();
}

describe('tensor lifetime', () => {
  it('holds the tensor count flat over 1,000 frames, after reset, and releases everything on stop', async () => {
    const baseline = tf.memory().numTensors;
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(loop());
    const unwatch = scheduler.watch('out');
    await scheduler.renderFrames(1);
    const afterFirstFrame = tf.memory().numTensors;
    await scheduler.reset();
    const afterFirstReset = tf.memory().numTensors;

    await scheduler.renderFrames(1000);
    expect(scheduler.frame).toBe(1000);
    expect(tf.memory().numTensors).toBe(afterFirstFrame);

    await scheduler.reset();
    expect(tf.memory().numTensors).toBe(afterFirstReset);

    unwatch();
    await scheduler.stop();
    expect(tf.memory().numTensors).toBe(baseline);
    expect(scheduler.ownedTensors).toBe(0);
  });

  it('releases the clone a preview snapshot reads from', async () => {
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(loop());
    scheduler.watch('out');
    await scheduler.renderFrames(3);
    const before = tf.memory().numTensors;
    const image = await scheduler.snapshot('out');
    expect(image).toMatchObject({ width: 16, height: 16 });
    expect(image!.data).toHaveLength(16 * 16 * 4);
    expect(image!.data[3]).toBe(255);
    expect(tf.memory().numTensors).toBe(before);
    await scheduler.stop();
  });

  it('answers a snapshot of a node nobody watches with null', async () => {
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(loop());
    await scheduler.renderFrames(1);
    expect(await scheduler.snapshot('mix')).toBeNull();
    await scheduler.stop();
  });

  it('keeps the feedback frame in float32 so slow decays are not quantised away', async () => {
    const graph = new GraphBuilder(8).node('fb', 'feedback').node('grey', 'solid-color', { color: '#ffffff' })
      .node('mix', 'shift-blend', { dx: 0, dy: 0, gain: 0.999, mix: 0 }).node('out', 'preview')
      .edge('grey.frame', 'fb.seed').edge('fb.out', 'mix.frame').edge('mix.frame', 'fb.in').edge('mix.frame', 'out.frame').build();
    const scheduler = new Scheduler({ tf, registry });
    await scheduler.load(graph);
    scheduler.watch('out');
    await scheduler.renderFrames(100);
    // 8-bit state would round 0.999·x back to x (x·255 changes by < 0.5) and never decay.
    const image = await scheduler.snapshot('out');
    expect(image!.data[0]).toBe(Math.round(0.999 ** 100 * 255));
    await scheduler.stop();
  });
});
