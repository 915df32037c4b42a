/**
 * The PyTorch peer of `pnpm --filter trainer bench`, set up as its own users would set it up:
 * Debian's `python3-torch` with OpenBLAS (`libopenblas0-pthread`). Without OpenBLAS, Debian's torch
 * runs on the reference BLAS and is ~2.7x slower, which would flatter every ratio against it.
 *
 * The peer is timed at 1 and 2 threads; the best of the two is the baseline (on 2 cores, 2 threads
 * is often the slower: the cores oversubscribe).
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

async function measureAt(threads: number, seconds: number): Promise<PeerResult | string> {
  const script = join(import.meta.dirname, 'pytorch_vae.py');
  try {
    const args = [script, '--seconds', String(seconds), '--threads', String(threads)];
    const { stdout } = await run(PYTHON, args);
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
