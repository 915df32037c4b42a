/**
 * Runs async tasks one at a time, in call order: an onnxruntime session must not run concurrently.
 * A failed task rejects its own promise only; the queue goes on.
 */
export interface RunQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createRunQueue(): RunQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const result = tail.then(task, task);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
