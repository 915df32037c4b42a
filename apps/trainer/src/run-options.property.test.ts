// Property: the trainer's option parsing (argv through parseCommandLine, then flags and a JSON config
// through resolveRunOptions) either yields options inside every stated range, or throws an OptionError
// that names the offending flag or key and its value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ, outcome } from '../test/fuzz.ts';
import { type FlagSpec, parseCommandLine } from './command-line.ts';
import { OPTION_TABLE, OptionError, type RunOptions, resolveRunOptions } from './run-options.ts';

const FLAGS: readonly FlagSpec[] = [
  ...OPTION_TABLE.map((spec) => ({ name: spec.flag, kind: 'string' as const })),
  { name: 'help', kind: 'boolean', short: 'h' },
];

/** Strings a user might type as a value: numbers of every kind, words, choices, empty, dashes. */
const typed = fc.oneof(
  fc.integer({ min: -10, max: 2 ** 33 }).map(String),
  fc.double().map(String),
  fc.constantFrom('', ' ', 'auto', 'all', 'NaN', 'Infinity', '-1', '1e9', '0x10', '1_000', '--', '-'),
  fc.constantFrom(...OPTION_TABLE.flatMap((spec) => spec.choices ?? [])),
  fc.string({ maxLength: 6 }),
);

/** An argv: known flags with values, typos of flags, stray words, `=` forms. */
const argv = fc.array(
  fc.oneof(
    fc
      .tuple(fc.constantFrom(...OPTION_TABLE.map((s) => `--${s.flag}`)), typed)
      .map(([flag, value]) => [flag, value]),
    fc
      .tuple(fc.constantFrom(...OPTION_TABLE.map((s) => `--${s.flag}`)), typed)
      .map(([flag, value]) => [`${flag}=${value}`]),
    fc.constantFrom(['--k', '3'], ['--epoch', '2'], ['-x'], ['--help'], ['train'], ['--latent-size']),
    fc.string({ maxLength: 8 }).map((word) => [word]),
  ),
  { maxLength: 5 },
);

/** A JSON config: known keys with any JSON value, sometimes an unknown key. */
const config = fc.dictionary(
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...OPTION_TABLE.map((spec) => spec.key as string)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  ),
  fc.oneof(fc.jsonValue({ maxDepth: 1 }), typed, fc.integer({ min: -5, max: 2 ** 33 })),
  { maxKeys: 4 },
);

/** Every value of `options` lies in its option's stated range. */
function expectInRange(options: RunOptions): void {
  for (const spec of OPTION_TABLE) {
    const value = options[spec.key];
    if (value === null) {
      expect(spec.nullWord, spec.key).toBeDefined();
      continue;
    }
    if (spec.kind === 'int' || spec.kind === 'number') {
      expect(typeof value === 'number' && Number.isFinite(value), `${spec.key} = ${value}`).toBe(true);
      const n = value as number;
      if (spec.kind === 'int') expect(Number.isInteger(n), spec.key).toBe(true);
      if (spec.min !== undefined)
        expect(spec.above ? n > spec.min : n >= spec.min, `${spec.key} = ${n}`).toBe(true);
      if (spec.max !== undefined) expect(n, spec.key).toBeLessThanOrEqual(spec.max);
    } else if (spec.kind === 'choice') expect(spec.choices).toContain(value);
    else expect(typeof value === 'string' && value !== '', spec.key).toBe(true);
  }
}

describe('option parsing (property)', () => {
  it('options in range, or an OptionError naming the flag or key and the value', async () => {
    await fc.assert(
      fc.asyncProperty(argv, config, async (words, json) => {
        const args = words.flat();
        const result = await outcome(() => {
          const { values } = parseCommandLine(args, FLAGS);
          const flags = Object.fromEntries(
            OPTION_TABLE.map((spec) => [spec.flag, values[spec.flag] as string | undefined]),
          );
          return resolveRunOptions(json, flags, 'run.json');
        });
        if (!(result instanceof Error)) {
          expectInRange(result);
          return;
        }
        expect(result, `${result.name}: ${result.message}`).toBeInstanceOf(OptionError);
        const message = result.message;
        // It names a flag the user wrote (or its value), or a config key and its value.
        const namesFlag = args.some(
          (arg) => arg.startsWith('-') && message.includes(arg.split('=')[0] as string),
        );
        const namesKey = Object.entries(json).some(
          ([key, value]) =>
            message.includes(`'${key}'`) &&
            (message.includes('unknown key') || message.includes(JSON.stringify(value))),
        );
        expect(namesFlag || namesKey, message).toBe(true);
      }),
      FUZZ,
    );
  });
});
