/** ONNX's own checker (Debian's python3-onnx) as an independent validator of the files we write. */
import { spawnSync } from 'node:child_process';

/** The first Python that can `import onnx` (Debian's python3-onnx lives in /usr/bin/python3's path). */
export function pythonWithOnnx(): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import onnx'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return null;
}

/** What a skipped checker test says in its title. */
export const CHECKER_MISSING = ' (skipped: python3-onnx not installed; apt-get install python3-onnx)';

/**
 * Runs onnx.checker.check_model(full_check=True) on every file; stdout is `checked <count>` when
 * all pass, stderr holds the checker's complaint otherwise.
 */
export function checkOnnxFiles(python: string, paths: readonly string[]): { stdout: string; stderr: string } {
  const script =
    'import sys, onnx\n' +
    'for path in sys.argv[1:]:\n' +
    '    onnx.checker.check_model(onnx.load(path), full_check=True)\n' +
    'print("checked", len(sys.argv) - 1)\n';
  const { stdout, stderr } = spawnSync(python, ['-c', script, ...paths], { encoding: 'utf8' });
  return { stdout: stdout.trim(), stderr };
}
