/**
 * The PyTorch peer of `pnpm --filter trainer bench`, set up as its own users would set it up:
 * Debian's `python3-torch` with OpenBLAS (`libopenblas0-pthread`). Without OpenBLAS, Debian's torch
 * runs on the reference BLAS and is ~2.7x slower, which would flatter every ratio against it.
 *
 * The peer is timed at 1 and 2 threads; the best of the two is the baseline (on 2 cores, 2 threads
 * is often the slower: the cores oversubscribe). Two settings a tuned PyTorch user makes, each worth
 * 1.3-2x here (measured 2026-11-29, 1 thread: 7,500/s with neither, 14,500/s with the first,
 * 21,000-22,000/s with both, the figure issue 9 measured):
 * - OPENBLAS_NUM_THREADS = the thread count. `torch.set_num_threads` does not reach Debian's OpenBLAS
 *   (torch is built against the generic libblas.so.3), whose own pool otherwise takes every core,
 *   so a "1 thread" torch ran its matMuls on 2 threads that fought torch's own.
 * - glibc's malloc keeps freed large blocks (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_ at
 *   64/256 MB). By default every freed tensor over 128 KB goes back to the kernel and the next step
 *   maps it again; on this machine kind (a Firecracker VM with free page reporting) each new page
 *   costs a fault, and Adam's out-of-place ops ran 100x slower than their arithmetic.
 * Our backends run in the bench's own environment, as a user's shell would have it.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PEER_PACKAGES = ['python3-torch', 'libopenblas0-pthread'] as const;
const PYTHON = '/usr/bin/python3';

export interface PeerResult {
  readonly threads: number;
  readonly samplesPerSecond: number;
  readonly torch: string;
  /** The BLAS libraries torch loaded (resolved paths). */
  readonly blas: readonly string[];
}

export interface PeerMeasurement {
  readonly results: readonly PeerResult[];
  /** What was installed, or why the peer is missing or degraded; printed and written under the table. */
  readonly notes: readonly string[];
}

async function missingPackages(): Promise<string[]> {
  const missing: string[] = [];
  for (const name of PEER_PACKAGES) {
    try {
      const { stdout } = await run('dpkg-query', ['--status', name]);
      if (!stdout.includes('Status: install ok installed')) missing.push(name);
    } catch {
      missing.push(name);
    }
  }
  return missing;
}

/**
 * Installs the peer's Debian packages when they are missing and we may (root with apt-get);
 * otherwise returns the command the user should run. Never installs anything else.
 */
async function ensurePeerPackages(): Promise<string[]> {
  const missing = await missingPackages();
  if (missing.length === 0) return [];
  const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    return [`missing Debian packages ${missing.join(', ')}: run \`sudo ${command}\` and re-run the bench`];
  }
  console.error(`bench: installing the PyTorch peer's Debian packages: ${missing.join(' ')}`);
  try {
    await run('apt-get', ['update', '-qq']);
    await run('apt-get', command.split(' ').slice(1), {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return [`installed ${missing.join(', ')} for the peer (\`${command}\`)`];
  } catch (error) {
    return [
      `could not install ${missing.join(', ')} (${(error as Error).message.split('\n')[0]}): run \`${command}\``,
    ];
  }
}

/** The peer's environment at `threads` threads (see the header for why each). */
export const PEER_ENVIRONMENT = (threads: number): Record<string, string> => ({
  OPENBLAS_NUM_THREADS: String(threads),
  OMP_NUM_THREADS: String(threads),
  MALLOC_MMAP_THRESHOLD_: String(64 * 2 ** 20),
  MALLOC_TRIM_THRESHOLD_: String(256 * 2 ** 20),
});

async function measureAt(threads: number, seconds: number): Promise<PeerResult | string> {
  const script = join(import.meta.dirname, 'pytorch_vae.py');
  try {
    const args = [script, '--seconds', String(seconds), '--threads', String(threads)];
    const { stdout } = await run(PYTHON, args, { env: { ...process.env, ...PEER_ENVIRONMENT(threads) } });
    return JSON.parse(stdout.trim().split('\n').at(-1) as string) as PeerResult;
  } catch (error) {
    return `PyTorch at ${threads} thread(s) failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** Installs (or asks for) the peer's packages, then times it at 1 and 2 threads. */
export async function measurePytorchPeer(seconds: number): Promise<PeerMeasurement> {
  const notes = await ensurePeerPackages();
  const results: PeerResult[] = [];
  for (const threads of [1, 2]) {
    const result = await measureAt(threads, seconds);
    if (typeof result === 'string') notes.push(result);
    else results.push(result);
  }
  const blas = results[0]?.blas ?? [];
  if (results.length > 0 && !blas.some((path) => path.includes('openblas'))) {
    notes.push(
      `torch loaded ${blas.join(', ') || 'no BLAS library'}, not OpenBLAS: this peer is slower than a ` +
        'well-configured PyTorch; install libopenblas0-pthread',
    );
  }
  return { results, notes };
}

/** The baseline: the faster of the thread counts measured, or null without a peer. */
export function bestPeer(measurement: PeerMeasurement): PeerResult | null {
  return measurement.results.reduce<PeerResult | null>(
    (best, r) => (best === null || r.samplesPerSecond > best.samplesPerSecond ? r : best),
    null,
  );
}
