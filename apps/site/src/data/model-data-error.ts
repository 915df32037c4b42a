/** What to run to rebuild the shipped models and their data. */
export const REBUILD_HINT = "rebuild them with 'pnpm --filter site models'";

/**
 * A file under /models/ is missing, damaged or of another layout than this site reads. The message
 * names the file, what was wrong (with the offending value) and what to do.
 */
export class ModelDataError extends Error {
  override readonly name = 'ModelDataError';
  /** The file (path under /models/) that was wrong. */
  readonly file: string;

  constructor(file: string, problem: string, fix: string = REBUILD_HINT) {
    super(`${file}: ${problem}; ${fix}`);
    this.file = file;
  }
}

/** The JSON value in `bytes`, the contents of `file`; ModelDataError naming the file when it is not JSON. */
export function parseJsonFile(bytes: Uint8Array, file: string, fix: string = REBUILD_HINT): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ModelDataError(file, `is not valid JSON (${(error as Error).message})`, fix);
  }
}
