import type { Attachment } from 'svelte/attachments';
import type * as tfjs from '@tensorflow/tfjs';
import type { RgbaImage, Scheduler } from '../core';
import { canDrawToGpuCanvas } from '../core';

/** Readbacks per second, at most: enough to watch the loop, cheap enough not to slow it. */
const DEFAULT_MAX_FPS = 15;

/**
 * Shows a node's latest frame in a canvas, outside the frame loop: at most one draw in
 * flight, at most `maxFps` per second, and none while no new frame has been computed. The
 * canvas takes the frame's size; CSS scales it up.
 *
 * On a WebGPU GPU the frame is drawn straight from the tensor (`tf.browser.draw`, no
 * readback). Where that is impossible or unsafe (webgl, cpu, SwiftShader: see
 * `canDrawToGpuCanvas`) the bytes are read back with `scheduler.snapshot`, throttled the
 * same way, never inside the loop.
 *
 * `live` keeps the node computing on frames the loop leaves it idle (a source that only seeds a
 * Feedback): the Viewer shows what the user selected as it runs; card thumbnails show what the
 * loop last used.
 *
 * @example
 * <canvas {@attach previewFeed(scheduler, 'preview', tf)}></canvas>
 */
export function previewFeed(
  scheduler: Scheduler, nodeId: string, tf: typeof tfjs, { maxFps = DEFAULT_MAX_FPS, live = false }: { maxFps?: number; live?: boolean } = {},
): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const drawFrame = canDrawToGpuCanvas(tf) ? gpuPainter(scheduler, nodeId, tf, canvas) : bytePainter(scheduler, nodeId, canvas);
    if (!drawFrame) return;
    const stopWatching = scheduler.watch(nodeId, { run: live });
    let alive = true;
    let dirty = true;
    let wake: (() => void) | undefined;
    /** Bumped when the backend is rebuilt: a draw waiting on the lost GPU may never settle, so a new loop takes over. */
    let generation = 0;
    const stopListening = scheduler.on((event) => {
      if (event.type === 'backendrestored') {
        generation++;
        wake?.();
        dirty = true;
        void loop(generation);
        return;
      }
      if (event.type !== 'framecompleted' && event.type !== 'reset') return;
      dirty = true;
      wake?.();
    });

    const loop = async (mine: number): Promise<void> => {
      const current = (): boolean => alive && mine === generation;
      while (current()) {
        if (!dirty) await new Promise<void>((resolve) => (wake = resolve));
        if (!current()) return;
        wake = undefined;
        dirty = false;
        const started = performance.now();
        await drawFrame().catch(() => undefined);
        if (!current()) return;
        const wait = 1000 / maxFps - (performance.now() - started);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    };
    void loop(generation);

    return () => {
      alive = false;
      wake?.();
      stopListening();
      stopWatching();
    };
  };
}

type Painter = () => Promise<void>;

function gpuPainter(scheduler: Scheduler, nodeId: string, tf: typeof tfjs, canvas: HTMLCanvasElement): Painter {
  const options = { contextOptions: { contextType: 'webgpu' } };
  return async () => {
    await scheduler.withLatestFrame(nodeId, (frame) => tf.browser.draw(frame, canvas, options));
  };
}

function bytePainter(scheduler: Scheduler, nodeId: string, canvas: HTMLCanvasElement): Painter | undefined {
  const context = canvas.getContext('2d');
  if (!context) return undefined;
  return async () => {
    const image = await scheduler.snapshot(nodeId);
    if (image) draw(context, image);
    else clear(context);
  };
}

function draw(context: CanvasRenderingContext2D, image: RgbaImage): void {
  const { canvas } = context;
  if (canvas.width !== image.width) canvas.width = image.width;
  if (canvas.height !== image.height) canvas.height = image.height;
  context.putImageData(new ImageData(image.data, image.width, image.height), 0, 0);
}

/** No frame yet (or a reset dropped it): show an empty frame rather than a stale one. */
function clear(context: CanvasRenderingContext2D): void {
  context.clearRect(0, 0, context.canvas.width, context.canvas.height);
}
