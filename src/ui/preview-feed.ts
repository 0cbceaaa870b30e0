import type { Attachment } from 'svelte/attachments';
import type { RgbaImage, Scheduler } from '../core';

/** Readbacks per second, at most: enough to watch the loop, cheap enough not to slow it. */
const DEFAULT_MAX_FPS = 15;

/**
 * Shows a node's latest frame in a canvas, outside the frame loop: at most one
 * `scheduler.snapshot` is in flight, at most `maxFps` per second, and none while no new
 * frame has been computed. The canvas takes the frame's size; CSS scales it up.
 *
 * @example
 * <canvas {@attach previewFeed(scheduler, 'preview')}></canvas>
 */
export function previewFeed(scheduler: Scheduler, nodeId: string, maxFps = DEFAULT_MAX_FPS): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const context = canvas.getContext('2d');
    if (!context) return;
    const stopWatching = scheduler.watch(nodeId);
    let alive = true;
    let dirty = true;
    let wake: (() => void) | undefined;
    const stopListening = scheduler.on((event) => {
      if (event.type !== 'framecompleted' && event.type !== 'reset') return;
      dirty = true;
      wake?.();
    });

    const loop = async (): Promise<void> => {
      while (alive) {
        if (!dirty) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        if (!alive) return;
        dirty = false;
        const started = performance.now();
        const image = await scheduler.snapshot(nodeId).catch(() => null);
        if (!alive) return;
        if (image) draw(context, image);
        else clear(context);
        const wait = 1000 / maxFps - (performance.now() - started);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    };
    void loop();

    return () => {
      alive = false;
      wake?.();
      stopListening();
      stopWatching();
    };
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
