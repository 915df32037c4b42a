/**
 * Runs an async job for the latest request only: while one run is in flight, newer requests replace
 * each other and the last one runs when it finishes. A drag through the latent plane fires pointer
 * events faster than the decoder answers; this keeps one decode in flight and always ends on the
 * point the reader stopped at (no queue of stale decodes).
 */
export interface LatestOnly<T> {
  request(value: T): void;
  /** Resolves once no run is in flight and none is waiting. */
  idle(): Promise<void>;
}

export function latestOnly<T>(
  run: (value: T) => Promise<void>,
  onError: (error: unknown) => void,
): LatestOnly<T> {
  let waiting: { value: T } | null = null;
  let running: Promise<void> | null = null;
  const pump = (): Promise<void> => {
    if (running !== null || waiting === null) return running ?? Promise.resolve();
    const { value } = waiting;
    waiting = null;
    running = run(value)
      .catch(onError)
      .finally(() => {
        running = null;
        void pump();
      });
    return running;
  };
  return {
    request(value) {
      waiting = { value };
      void pump();
    },
    async idle() {
      while (running !== null || waiting !== null) await (running ?? pump());
    },
  };
}
