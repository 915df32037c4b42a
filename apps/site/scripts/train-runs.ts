import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** One trainer run to make: a label for its output lines, the trainer CLI's arguments and its --out. */
export interface TrainerRun {
  readonly label: string;
  readonly args: readonly string[];
  readonly runDir: string;
}

/** What a finished run was made with: the trainer's arguments (without --out) and its wall-clock seconds. */
export interface FinishedRun {
  readonly args: readonly string[];
  readonly seconds: number;
}

/** Written into a run directory when its trainer exits cleanly; marks the run as finished. */
const FINISHED_FILE = 'site-run.json';

/** Trainer arguments without the run directory (it is temporary). */
export const withoutOut = (args: readonly string[]): string[] => {
  const at = args.indexOf('--out');
  return at < 0 ? [...args] : [...args.slice(0, at), ...args.slice(at + 2)];
};

/**
 * Trains `run`, or with `reuse` takes the finished run already in its directory (saying so, and
 * with which arguments it was made when they differ from the ones asked for).
 */
export async function trainOrReuse({
  cli,
  run,
  reuse,
  log,
}: {
  cli: string;
  run: TrainerRun;
  reuse: boolean;
  log: (line: string) => void;
}): Promise<FinishedRun> {
  const marker = join(run.runDir, FINISHED_FILE);
  if (reuse && existsSync(marker)) {
    const finished = JSON.parse(await readFile(marker, 'utf8')) as FinishedRun;
    const asked = withoutOut(run.args).join(' ');
    const made = finished.args.join(' ');
    log(
      `[${run.label}] reusing the finished run in ${run.runDir}` +
        (made === asked ? '' : ` (made with: ${made}; asked for: ${asked})`),
    );
    return finished;
  }
  const seconds = await runTrainer({ cli, run, log });
  const finished: FinishedRun = { args: withoutOut(run.args), seconds };
  await writeFile(marker, `${JSON.stringify(finished)}\n`);
  return finished;
}

/** Runs `node <cli> ...args`, forwarding each output line prefixed with the label; resolves to seconds taken. */
function runTrainer({
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

/** Runs `tasks` with at most `jobs` at once, in order of the list; rejects on the first failure. */
export async function runPool(tasks: readonly (() => Promise<void>)[], jobs: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++] as () => Promise<void>;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
}
