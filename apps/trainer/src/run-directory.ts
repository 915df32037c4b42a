import { join } from 'node:path';

/** Where a run keeps its files; every command that works on a run directory reads them from here. */
export function runPaths(dir: string) {
  return {
    dir,
    /** What ran: options, model config, backend, dataset, timings (JSON). */
    run: join(dir, 'run.json'),
    /** Model + Adam + data position, rewritten atomically after every epoch and on Ctrl-C. */
    checkpoint: join(dir, 'checkpoint.ckpt'),
    /** One JSON object per line: per-epoch train/test figures. */
    metrics: join(dir, 'metrics.jsonl'),
    /** Test ELBO, importance-sampled NLL, active units (JSON). */
    evaluation: join(dir, 'evaluation.json'),
    decoderOnnx: join(dir, 'decoder.onnx'),
    encoderOnnx: join(dir, 'encoder.onnx'),
    /** Per-epoch pictures and the site's data. */
    artifacts: join(dir, 'artifacts'),
    samplesPng: (epoch: number) =>
      join(dir, 'artifacts', `samples-epoch-${String(epoch).padStart(3, '0')}.png`),
    reconstructionsPng: (epoch: number) =>
      join(dir, 'artifacts', `reconstructions-epoch-${String(epoch).padStart(3, '0')}.png`),
    ellipsesJson: (epoch: number) =>
      join(dir, 'artifacts', `ellipses-epoch-${String(epoch).padStart(3, '0')}.json`),
    learningCurvesSvg: join(dir, 'artifacts', 'learning-curves.svg'),
  };
}

export type RunPaths = ReturnType<typeof runPaths>;

/** runs/<preset>-<YYYYMMDD-HHMMSS> (local time). */
export function defaultRunDir(preset: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return join('runs', `${preset}-${stamp}`);
}
