import { spawn } from 'node:child_process';

/**
 * Runs the trainer's CLI script `cli` in a child Node process with `args`, as a user would; resolves
 * with its exit code and output. `onStderr` sees stderr so far and may stop the run with SIGINT.
 */
export function runCli(
  cli: string,
  args: string[],
  onStderr?: (text: string, kill: () => void) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr, () => child.kill('SIGINT'));
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
