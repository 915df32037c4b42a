import { ModelFormatError } from '@ellipse/format';
import type { BackendName, BackendPlan } from './backend.ts';
import { BackendUnavailableError } from './errors.ts';
import type { BackendAttempt, BackendReport } from './model-info.ts';
import { loadOrt, type OrtModule, ortQueue, type WasmPaths } from './ort-loader.ts';
import type { RunQueue } from './run-queue.ts';

export type Session = Awaited<ReturnType<OrtModule['InferenceSession']['create']>>;

export interface Runtime {
  readonly ort: OrtModule;
  readonly backend: BackendName;
  /** Shared by every session on this onnxruntime-web build (`ortQueue`): one call at a time. */
  readonly queue: RunQueue;
}

/** Creates a session for `bytes` on a runtime; checks the graph's input and output names. */
export async function openSession(
  runtime: Runtime,
  bytes: Uint8Array,
  names: { readonly inputs: readonly string[]; readonly outputs: readonly string[] },
  source: string,
): Promise<Session> {
  const session = await runtime.queue.run(() =>
    runtime.ort.InferenceSession.create(bytes, {
      executionProviders: [runtime.backend],
      graphOptimizationLevel: 'all',
    }),
  );
  const missing = [
    ...names.inputs.filter((name) => !session.inputNames.includes(name)).map((n) => `input '${n}'`),
    ...names.outputs.filter((name) => !session.outputNames.includes(name)).map((n) => `output '${n}'`),
  ];
  if (missing.length > 0) {
    await runtime.queue.run(() => session.release());
    throw new ModelFormatError(
      `${source} has no ${missing.join(', ')} (inputs: ${session.inputNames.join(', ')}; ` +
        `outputs: ${session.outputNames.join(', ')}): it does not follow Ellipse's format`,
    );
  }
  return session;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Tries the plan's candidates in order until a session opens; every failure is recorded in the
 * report (and in the reason of the backend that then runs). Throws BackendUnavailableError naming
 * each attempt and exclusion when none opens. Format errors are not backend failures: rethrown.
 */
export async function openFirstSession(
  plan: BackendPlan,
  open: (runtime: Runtime) => Promise<Session>,
  wasmPaths: WasmPaths | undefined,
): Promise<{ runtime: Runtime; session: Session; report: BackendReport }> {
  const attempts: BackendAttempt[] = [];
  for (const candidate of plan.candidates) {
    try {
      const ort = await loadOrt(candidate.backend, { threads: plan.threads, wasmPaths });
      const runtime = { ort, backend: candidate.backend, queue: ortQueue(candidate.backend) };
      const session = await open(runtime);
      attempts.push({ backend: candidate.backend, ok: true, detail: candidate.reason });
      const failed = attempts.filter((a) => !a.ok).map((a) => `${a.backend} failed (${a.detail})`);
      const reason = [...failed, `${candidate.backend}: ${candidate.reason}`].join('; then ');
      const report = {
        name: candidate.backend,
        reason,
        threads: plan.threads,
        threadsReason: plan.threadsReason,
      };
      return { runtime, session, report: { ...report, attempts, excluded: plan.excluded } };
    } catch (error) {
      if (error instanceof ModelFormatError) throw error;
      attempts.push({ backend: candidate.backend, ok: false, detail: message(error) });
    }
  }
  const tried = attempts.map((a) => `${a.backend}: ${a.detail}`);
  const skipped = plan.excluded.map((c) => `${c.backend} not tried: ${c.reason}`);
  throw new BackendUnavailableError(
    `no backend could run the model (${[...tried, ...skipped].join('; ')})`,
    attempts,
  );
}
