#!/usr/bin/env node
/**
 * The trainer's command line: the only place that reads argv and the environment.
 *
 *   train [flags] [--config run.json] [--resume <run dir>]   train, evaluate, export
 *   eval <run dir> [--importance-samples k] [--eval-images N|all] [--backend b]
 *   export <run dir>
 *   sample <run dir> [--count n] [--seed s] [--png file]
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadCheckpoint } from './checkpoint.ts';
import type { CommandContext } from './command-context.ts';
import { type FlagSpec, parseCommandLine } from './command-line.ts';
import { BUDGETS, RESULTS_FILES, reproduceCommand } from './commands/reproduce.ts';
import { evalCommand, exportCommand, sampleCommand } from './commands/run-commands.ts';
import { trainCommand } from './commands/train.ts';
import { type Evaluation, evaluationMetrics } from './evaluate.ts';
import { MAX_ROWS } from './limits.ts';
import { runPaths } from './run-directory.ts';
import {
  OPTION_TABLE,
  OptionError,
  optionsHelp,
  parseOptionValue,
  type RunOptions,
  resolveRunOptions,
} from './run-options.ts';

const USAGE = `Ellipse trainer: train a VAE on MNIST (or Fashion-MNIST, IDX files, toy 2-D sets), evaluate, export ONNX.

usage:
  pnpm --filter trainer train [flags]             train (default: the mnist preset on bundled MNIST)
  pnpm --filter trainer train --resume <run dir>  continue a stopped run exactly (only --epochs, --backend may change)
  pnpm --filter trainer cli eval <run dir> [--importance-samples k] [--eval-images N|all] [--backend b]
  pnpm --filter trainer cli export <run dir> [--backend b]
  pnpm --filter trainer cli sample <run dir> [--count 64] [--seed 1] [--png out.png] [--backend b]
  pnpm --filter trainer reproduce [--budget small|full] [--results RESULTS.md | RESULTS-full.md] [--out runs/reproduce-<budget>] [--backend b]
                                                  every objective on MNIST, AVB's toy problem, gradient variance -> RESULTS.md

flags (also as camelCase keys of a JSON file given with --config; flags win):
${optionsHelp()}
  --config <file.json>     read options from a JSON file
  --resume <run dir>       continue the run saved in <run dir>
  --count <n>              sample: images to decode [default: 64, max ${MAX_ROWS}]
  -h, --help               this text

limits: every size above is checked before anything is allocated. The maxima keep each tensor within
1 GiB (2^28 float32 values): batch, samples L, eval images and --count are rows of a [rows, 784] tensor
(2^28 / 784 -> 2^18); the latent size keeps the model and Adam's moments within 1 GiB; batch * L must fit
too. A value out of range, an unknown flag (with the closest known one) or a flag the command does not
read ends with 'error: OptionError: ...' and exit code 1.

eval defaults to every test image (--eval-images all); train's final evaluation to 500 of them (about 2 minutes on wasm).
Ctrl-C stops after the current step and saves a checkpoint; press it twice to quit without saving.`;

const RESUMABLE_FLAGS = new Set(['epochs', 'backend']);

/** Every flag of every command; a help line that starts with a symbol ('k: ...') lets `--k` find its flag. */
const FLAGS: readonly FlagSpec[] = [
  ...OPTION_TABLE.map((spec) => {
    const symbol = /^([A-Za-z]):/.exec(spec.help)?.[1];
    return { name: spec.flag, kind: 'string' as const, ...(symbol === undefined ? {} : { symbol }) };
  }),
  { name: 'config', kind: 'string' },
  { name: 'resume', kind: 'string' },
  { name: 'count', kind: 'string' },
  { name: 'png', kind: 'string' },
  { name: 'budget', kind: 'string' },
  { name: 'results', kind: 'string' },
  { name: 'help', kind: 'boolean', short: 'h' },
];

/** The flags each command reads (besides --help), and its positional arguments after the command. */
const COMMANDS: Readonly<Record<string, { flags: readonly string[]; positionals: readonly string[] }>> = {
  train: { flags: [...OPTION_TABLE.map((spec) => spec.flag), 'config', 'resume'], positionals: [] },
  eval: { flags: ['importance-samples', 'eval-images', 'backend'], positionals: ['<run dir>'] },
  export: { flags: ['backend'], positionals: ['<run dir>'] },
  sample: { flags: ['count', 'seed', 'png', 'backend'], positionals: ['<run dir>'] },
  reproduce: { flags: ['budget', 'results', 'backend', 'out'], positionals: [] },
};

/** Throws OptionError for a flag the command does not read or an extra positional argument. */
function checkCommandArguments(
  command: string,
  values: Record<string, unknown>,
  positionals: readonly string[],
) {
  const accepted = COMMANDS[command];
  if (accepted === undefined) {
    throw new OptionError(
      `unknown command '${command}': expected ${Object.keys(COMMANDS).join(', ')} (see --help)`,
    );
  }
  const ignored = Object.keys(values).filter((flag) => flag !== 'help' && !accepted.flags.includes(flag));
  if (ignored.length > 0) {
    throw new OptionError(
      `${command} does not take --${ignored.join(', --')}: it reads ` +
        `${accepted.flags.length > 3 ? 'the training flags' : `--${accepted.flags.join(', --')}`} (see --help)`,
    );
  }
  const extra = positionals.slice(1 + accepted.positionals.length);
  if (extra.length > 0) {
    throw new OptionError(
      `${command} takes ${accepted.positionals.join(' ') || 'no argument'} besides flags, got also ` +
        `${extra.map((arg) => `'${arg}'`).join(', ')}: is a flag's '--' missing?`,
    );
  }
}

async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new OptionError(`--config ${path}: cannot read it (${(error as NodeJS.ErrnoException).code})`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new OptionError(
      `--config ${path}: expected a JSON object of options (${(error as Error).message})`,
    );
  }
}

/** Options of a resumed run: the saved ones, with only --epochs and --backend allowed to change. */
function resumedOptions(
  saved: RunOptions,
  flags: Record<string, string | undefined>,
  runDir: string,
): RunOptions {
  const changed = Object.keys(flags).filter(
    (flag) => flags[flag] !== undefined && !RESUMABLE_FLAGS.has(flag),
  );
  if (changed.length > 0) {
    throw new OptionError(
      `--resume continues ${runDir} with its saved options; only --epochs and --backend may change ` +
        `(got --${changed.join(', --')}). Start a new run to change the others`,
    );
  }
  const overrides = resolveRunOptions({}, flags);
  return {
    ...saved,
    out: runDir,
    ...(flags.epochs === undefined ? {} : { epochs: overrides.epochs }),
    ...(flags.backend === undefined ? {} : { backend: overrides.backend }),
  };
}

function positionalRunDir(positionals: readonly string[], command: string): string {
  const dir = positionals[1];
  if (dir === undefined)
    throw new OptionError(`${command} needs a run directory: pnpm --filter trainer cli ${command} <run dir>`);
  return dir;
}

/** `sample --count`: an integer from 1 to MAX_ROWS, default 64. */
function sampleCount(raw: string | undefined): number {
  return raw === undefined
    ? 64
    : (parseOptionValue({ kind: 'int', min: 1, max: MAX_ROWS }, raw, '--count') as number);
}

export async function main(argv: string[], context: CommandContext): Promise<number> {
  const { values: parsed, positionals } = parseCommandLine(argv, FLAGS);
  if (parsed.help === true) {
    context.log(USAGE);
    return 0;
  }
  const command = positionals[0] ?? 'train';
  checkCommandArguments(command, parsed, positionals);
  // Every flag but --help takes a value, so the values are strings.
  const values = parsed as Readonly<Record<string, string | undefined>>;
  const flags = Object.fromEntries(OPTION_TABLE.map((spec) => [spec.flag, values[spec.flag]]));
  switch (command) {
    case 'train': {
      if (values.resume !== undefined) {
        if (values.config !== undefined) {
          throw new OptionError(
            `--resume continues ${values.resume} with its saved options: --config ${values.config} cannot apply`,
          );
        }
        const runDir = resolve(values.resume);
        const path = runPaths(runDir).checkpoint;
        const state = await loadCheckpoint(path);
        const options = resumedOptions(state.header.options, flags, runDir);
        const { finished } = await trainCommand(options, context, { state, path });
        return finished ? 0 : 130;
      }
      const config = values.config === undefined ? {} : await readConfigFile(values.config);
      const options = resolveRunOptions(config, flags, values.config);
      const { finished } = await trainCommand(options, context);
      return finished ? 0 : 130;
    }
    case 'eval': {
      const runDir = positionalRunDir(positionals, command);
      // Only these three change; everything else (data, model) comes from the run's checkpoint.
      const { importanceSamples, evalImages, backend } = resolveRunOptions(
        {},
        { 'eval-images': 'all', ...withoutUndefined(flags) },
      );
      await evalCommand(runDir, { importanceSamples, evalImages, backend }, context);
      return 0;
    }
    case 'export': {
      const runDir = positionalRunDir(positionals, command);
      const { backend } = resolveRunOptions({}, withoutUndefined({ backend: flags.backend }));
      const evaluation = await readFile(runPaths(resolve(runDir)).evaluation, 'utf8')
        .then((text) => JSON.parse(text) as Evaluation)
        .catch(() => null);
      const metrics = evaluation === null ? {} : evaluationMetrics(evaluation);
      await exportCommand(runDir, { metrics, backend }, context);
      return 0;
    }
    case 'sample': {
      const runDir = positionalRunDir(positionals, command);
      const { seed, backend } = resolveRunOptions(
        {},
        withoutUndefined({ seed: flags.seed, backend: flags.backend }),
      );
      await sampleCommand(
        runDir,
        { count: sampleCount(values.count), seed, out: values.png ?? null, backend },
        context,
      );
      return 0;
    }
    case 'reproduce': {
      const budget = parseOptionValue(
        { kind: 'choice', choices: Object.keys(BUDGETS) },
        values.budget ?? 'small',
        '--budget',
      ) as keyof typeof BUDGETS;
      const { backend } = resolveRunOptions({}, withoutUndefined({ backend: flags.backend }));
      await reproduceCommand(
        {
          budget: BUDGETS[budget],
          backend,
          outDir: resolve(flags.out ?? `runs/reproduce-${budget}`),
          resultsPath: resolve(
            values.results ?? join(import.meta.dirname, '../../..', RESULTS_FILES[budget]),
          ),
        },
        context,
      );
      return 0;
    }
    default:
      throw new OptionError(`unknown command '${command}'`); // checkCommandArguments has named the known ones
  }
}

function withoutUndefined(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
}

/** Runs main with the real process: stdout/stderr, Ctrl-C, exit code, one-line errors. */
async function run(): Promise<void> {
  // The backend is reported by us (with the reason); silence tfjs's own "install tfjs-node" banner.
  (await import('@tensorflow/tfjs-core')).env().set('PROD', true);
  let stopRequested = false;
  process.on('SIGINT', () => {
    if (stopRequested) {
      process.stderr.write('\nquitting without saving\n');
      process.exit(130);
    }
    stopRequested = true;
    process.stderr.write('\nstopping after this step to save a checkpoint (Ctrl-C again to quit at once)\n');
  });
  const context: CommandContext = {
    progressSink: { isTTY: process.stderr.isTTY === true, write: (text) => process.stderr.write(text) },
    log: (line) => process.stdout.write(`${line}\n`),
    shouldStop: () => stopRequested,
  };
  try {
    process.exitCode = await main(process.argv.slice(2), context);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`error: ${message}\n`);
    if (process.env.ELLIPSE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
}

if (import.meta.main) await run();
