import { closestWord } from './closest-word.ts';
import { OptionError } from './run-options.ts';

/** A flag the command line knows: `--name <value>` (string) or `--name` alone (boolean). */
export interface FlagSpec {
  readonly name: string;
  readonly kind: 'string' | 'boolean';
  /** One-letter alias, `-h`. */
  readonly short?: string;
  /** A symbol users may type for it (`k` for --importance-samples): only used to suggest the flag. */
  readonly symbol?: string;
}

export interface CommandLine {
  /** Flag name -> its value (the last one given wins), or true for a boolean flag. */
  readonly values: Readonly<Record<string, string | true>>;
  readonly positionals: readonly string[];
}

/** 'did you mean --epochs?' for a typo of a known flag, else a pointer to --help. */
function suggestion(name: string, flags: readonly FlagSpec[]): string {
  const bySymbol = flags.find((flag) => flag.symbol === name);
  const close =
    bySymbol?.name ??
    closestWord(
      name,
      flags.map((flag) => flag.name),
    );
  return close === null ? 'see --help for every flag' : `did you mean --${close}? (see --help)`;
}

/**
 * Parses argv against `flags`: `--name value`, `--name=value`, `-h`, positionals, and `--` (the rest
 * are positionals). A value may start with '-' (`--learning-rate -1` gives "-1" to the value check).
 * Every failure is an OptionError naming the flag, with the closest known flag for a typo.
 */
export function parseCommandLine(argv: readonly string[], flags: readonly FlagSpec[]): CommandLine {
  const values: Record<string, string | true> = {};
  const positionals: string[] = [];
  const known = (name: string) => flags.find((flag) => flag.name === name);
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const equals = arg.indexOf('=');
    const written = long ? arg.slice(2, equals < 0 ? undefined : equals) : arg.slice(1);
    const spec = long ? known(written) : flags.find((flag) => flag.short === written);
    if (spec === undefined) {
      throw new OptionError(
        `unknown flag '${long ? arg.slice(0, equals < 0 ? undefined : equals) : arg}': ${suggestion(written, flags)}`,
      );
    }
    const inline = long && equals >= 0 ? arg.slice(equals + 1) : undefined;
    if (spec.kind === 'boolean') {
      if (inline !== undefined) {
        throw new OptionError(`--${spec.name} takes no value, got '${inline}': write --${spec.name} alone`);
      }
      values[spec.name] = true;
      continue;
    }
    if (inline !== undefined) {
      values[spec.name] = inline;
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('--') && known(next.slice(2).split('=')[0] as string))) {
      throw new OptionError(
        `--${spec.name} needs a value${next === undefined ? '' : `, got the flag ${next}`}: write --${spec.name} <value>`,
      );
    }
    values[spec.name] = next;
    i += 1;
  }
  return { values, positionals };
}
