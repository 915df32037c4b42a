import { describe, expect, it } from 'vitest';
import { type FlagSpec, parseCommandLine } from './command-line.ts';
import { OptionError } from './run-options.ts';

const FLAGS: readonly FlagSpec[] = [
  { name: 'epochs', kind: 'string' },
  { name: 'learning-rate', kind: 'string' },
  { name: 'importance-samples', kind: 'string', symbol: 'k' },
  { name: 'help', kind: 'boolean', short: 'h' },
];

const parse = (...argv: string[]) => parseCommandLine(argv, FLAGS);

describe('parseCommandLine', () => {
  it('reads --flag value, --flag=value, -h, positionals and --', () => {
    expect(parse('train', '--epochs', '3', '--learning-rate=1e-4', 'x', '-h', '--', '--epochs')).toEqual({
      values: { epochs: '3', 'learning-rate': '1e-4', help: true },
      positionals: ['train', 'x', '--epochs'],
    });
    expect(parse('--epochs', '2', '--epochs', '5').values.epochs).toBe('5'); // the last wins
  });

  it('gives a value that starts with a dash to the flag, for the value check to judge', () => {
    expect(parse('--learning-rate', '-1').values['learning-rate']).toBe('-1');
    expect(parse('--learning-rate', '-.5e-3').values['learning-rate']).toBe('-.5e-3');
  });

  it.each([
    [['--k', '5'], "unknown flag '--k': did you mean --importance-samples? (see --help)"],
    [['--epoch', '5'], "unknown flag '--epoch': did you mean --epochs? (see --help)"],
    [['--learningRate=1'], "unknown flag '--learningRate': did you mean --learning-rate? (see --help)"],
    [['--frobnicate'], "unknown flag '--frobnicate': see --help for every flag"],
    [['-x'], "unknown flag '-x': see --help for every flag"],
    [['--epochs'], '--epochs needs a value: write --epochs <value>'],
    [['--epochs', '--learning-rate', '1'], '--epochs needs a value, got the flag --learning-rate'],
    [['--help=yes'], "--help takes no value, got 'yes': write --help alone"],
  ])('%j is an OptionError: %s', (argv, message) => {
    const error = (() => {
      try {
        parse(...argv);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(OptionError);
    expect((error as Error).message).toContain(message);
  });
});
