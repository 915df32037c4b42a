import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** One trainer run to make: a label for its output lines and the trainer CLI's arguments. */
export interface TrainerRun {
  readonly label: string;
  readonly args: readonly string[];
}

/** Runs `node <cli> ...args`, forwarding each output line prefixed with the label; resolves to seconds taken. */
export function runTrainer({
  cli,
  run,
  log,
}: {
  cli: string;
  run: TrainerRun;
  log: (line: string) => void;
}): Promise<number> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...run.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      // The trainer redraws its progress bar with '\r': keep only the last state of each line.
      createInterface({ input: stream }).on('line', (line) => {
        const shown = line.split('\r').at(-1) ?? '';
        if (shown.trim() !== '') log(`[${run.label}] ${shown}`);
      });
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise((performance.now() - started) / 1000);
      else {
        reject(
          new Error(
            `the trainer failed for ${run.label} (${signal ?? `exit code ${code}`}): ` +
              `node ${cli} ${run.args.join(' ')}`,
          ),
        );
      }
    });
  });
}

/** Runs `tasks` with at most `jobs` at once; resolves to their results in order, rejects on the first failure. */
export async function runPool<T>(tasks: readonly (() => Promise<T>)[], jobs: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  return results;
}
