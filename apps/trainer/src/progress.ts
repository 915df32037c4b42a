/**
 * Training progress: a pure formatter for one status line, and a reporter that redraws it in place on
 * a terminal (carriage return) or prints plain lines at most every `plainIntervalMs` when piped.
 */

export interface ProgressState {
  readonly epoch: number; // 1-based
  readonly epochs: number;
  readonly step: number; // 1-based step within the epoch
  readonly stepsPerEpoch: number;
  /** Running means over the epoch so far (nats per example): loss = -ELBO = reconstruction + beta * KL. */
  readonly loss: number;
  readonly reconstruction: number;
  readonly kl: number;
  readonly samplesPerSecond: number;
  /** Seconds left for the whole run, or null while unknown. */
  readonly etaSeconds: number | null;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** A bar of `width` cells, filled in proportion to done/total: [#######.......]. */
export function formatBar(done: number, total: number, width: number): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

export function formatProgress(state: ProgressState, barWidth = 20): string {
  const { epoch, epochs, step, stepsPerEpoch } = state;
  return [
    `epoch ${epoch}/${epochs}`,
    formatBar(step, stepsPerEpoch, barWidth),
    `step ${step}/${stepsPerEpoch}`,
    `loss ${state.loss.toFixed(2)}`,
    `recon ${state.reconstruction.toFixed(2)}`,
    `kl ${state.kl.toFixed(2)}`,
    `${Math.round(state.samplesPerSecond)} samples/s`,
    `eta ${state.etaSeconds === null ? '?' : formatDuration(state.etaSeconds)}`,
  ].join('  ');
}

export interface ProgressSink {
  readonly isTTY: boolean;
  write(text: string): void;
}

/**
 * A status line: redrawn in place on a terminal, printed as plain lines at most every
 * `plainIntervalMs` (and whenever `final` is set) when piped to a file or CI log.
 */
export interface StatusLine {
  update(line: string, options?: { final?: boolean }): void;
  /** Prints a line that stays (an epoch summary, a message), keeping the status line below it. */
  log(line: string): void;
  /** Ends the status line. */
  done(): void;
}

export interface StatusLineOptions {
  readonly plainIntervalMs?: number;
  readonly now?: () => number;
  /** Where logged lines go (e.g. stdout while the status line is on stderr); default: the sink. */
  readonly print?: (line: string) => void;
}

export function createStatusLine(
  sink: ProgressSink,
  {
    plainIntervalMs = 10_000,
    now = () => Date.now(),
    print = (line) => sink.write(`${line}\n`),
  }: StatusLineOptions = {},
): StatusLine {
  let lastPlain = -Infinity;
  let status = '';
  return {
    update(line, { final = false } = {}) {
      if (sink.isTTY) {
        status = line;
        sink.write(`\r\x1b[2K${line}`);
      } else if (final || now() - lastPlain >= plainIntervalMs) {
        lastPlain = now();
        sink.write(`${line}\n`);
      }
    },
    log(line) {
      if (sink.isTTY && status !== '') sink.write('\r\x1b[2K');
      print(line);
      if (sink.isTTY && status !== '') sink.write(status);
    },
    done() {
      if (sink.isTTY && status !== '') sink.write('\n');
      status = '';
    },
  };
}

/** The training status line: formatProgress of each state, always printed at the end of an epoch. */
export interface ProgressReporter extends Omit<StatusLine, 'update'> {
  update(state: ProgressState): void;
}

export function createProgressReporter(
  sink: ProgressSink,
  options: StatusLineOptions = {},
): ProgressReporter {
  const line = createStatusLine(sink, options);
  return {
    update: (state) => line.update(formatProgress(state), { final: state.step === state.stepsPerEpoch }),
    log: line.log,
    done: line.done,
  };
}
