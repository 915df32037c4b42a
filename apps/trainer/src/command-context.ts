import type { ProgressSink } from './progress.ts';

/** What a command may touch besides files: where it prints, and whether the user asked it to stop. */
export interface CommandContext {
  /** The progress line goes here (a terminal redraws it in place). */
  readonly progressSink: ProgressSink;
  /** Lines that stay: the backend chosen, epoch summaries, where files went. */
  readonly log: (line: string) => void;
  /** True once the user pressed Ctrl-C: stop at the next step, save, exit cleanly. */
  readonly shouldStop: () => boolean;
}
