/**
 * The square sizes a trained network works at (its *Model size* / *Training size* param):
 * frames are resized to one and back. 32 trains in seconds on a CPU; 256 wants WebGPU.
 */
export const MODEL_SIZES = ['32', '64', '128', '256'] as const;
export type ModelSize = (typeof MODEL_SIZES)[number];
