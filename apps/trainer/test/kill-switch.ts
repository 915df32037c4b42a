// Fault injection for the SIGKILL test, loaded with `node --import` before the trainer's CLI: it kills
// the process with SIGKILL (no handler, no clean-up runs) at a point chosen by count, never by time.
//   ELLIPSE_TEST_KILL_AT_STEP=n          after the n-th training step of this process
//   ELLIPSE_TEST_KILL_IN_WRITE=n:fraction during the n-th checkpoint write: after `fraction` of its bytes
//                                        reached the temporary file (1: all of them, before the rename)
// It needs no hook in the trainer: steps are counted on the terminal status line (stderr is made to
// look like a terminal, so every step redraws it), writes by wrapping fs/promises' open.
import fs from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable: SIGKILL was sent');
};

const atStep = Number(process.env.ELLIPSE_TEST_KILL_AT_STEP ?? Number.NaN);
if (Number.isInteger(atStep)) {
  Object.defineProperty(process.stderr, 'isTTY', { value: true });
  const write = process.stderr.write.bind(process.stderr);
  let steps = 0;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    // A step redraws the status line: '\r\x1b[2K' + 'epoch e/E ... step s/S ...'.
    if (typeof chunk === 'string' && chunk.startsWith('\r\x1b[2K') && chunk.includes(' step ')) {
      steps += 1;
      if (steps === atStep) die();
    }
    return write(chunk, ...rest);
  }) as typeof process.stderr.write;
}

const [inWrite, fraction] = (process.env.ELLIPSE_TEST_KILL_IN_WRITE ?? '').split(':').map(Number);
if (inWrite !== undefined && Number.isInteger(inWrite) && fraction !== undefined) {
  const open = fs.open;
  let writes = 0;
  fs.open = (async (...args: Parameters<typeof open>) => {
    const handle = await open(...args);
    if (String(args[0]).includes('checkpoint.ckpt.tmp')) {
      writes += 1;
      if (writes === inWrite) {
        handle.writeFile = (async (data: Uint8Array) => {
          await handle.write(data.subarray(0, Math.floor(data.length * fraction)));
          await handle.sync();
          die();
        }) as typeof handle.writeFile;
      }
    }
    return handle;
  }) as typeof open;
  syncBuiltinESMExports();
}
