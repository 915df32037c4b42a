/**
 * The page's side of a worker that answers requests in order (workers/serve-requests.ts): the n-th
 * reply resolves the n-th request; an error reply rejects it with the worker's message, and a worker
 * that fails rejects every request still waiting.
 */
export function workerClient<Request, Reply extends { readonly type: string }>(
  worker: Worker,
): (request: Request) => Promise<Reply> {
  const waiting: { resolve: (reply: Reply) => void; reject: (error: Error) => void }[] = [];
  worker.addEventListener('message', (event: MessageEvent<Reply>) => {
    const next = waiting.shift();
    if (event.data.type === 'error') next?.reject(new Error((event.data as { message?: string }).message));
    else next?.resolve(event.data);
  });
  worker.addEventListener('error', (event) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the worker failed: ${event.message}`));
  });
  return (request) =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      worker.postMessage(request);
    });
}
