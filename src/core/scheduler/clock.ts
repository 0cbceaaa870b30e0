/** Time source of the scheduler; tests pass a fake one to drive realtime pacing. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Lets the UI and other tasks run between offline frames. */
  yield(): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  yield: () => new Promise((resolve) => setTimeout(resolve, 0)),
};
