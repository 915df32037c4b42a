/**
 * A worker's message loop: each request is handled to the end before the next starts, in order, and
 * answered with one reply (or an error reply carrying the message), so the n-th reply answers the
 * n-th request (lib/worker-client.ts relies on it).
 */
export function serveRequests<Request, Reply>(
  handle: (request: Request) => Promise<Reply>,
  failed: (message: string) => Reply,
): void {
  const scope = self as unknown as {
    postMessage(message: Reply): void;
    onmessage: ((event: MessageEvent<Request>) => void) | null;
  };
  let queue: Promise<void> = Promise.resolve();
  scope.onmessage = (event) => {
    queue = queue.then(async () => {
      try {
        scope.postMessage(await handle(event.data));
      } catch (error) {
        scope.postMessage(failed((error as Error).message));
      }
    });
  };
}
