import { describe, expect, it } from 'vitest';
import {
  bindUrlState,
  booleanField,
  choiceField,
  integerField,
  numberField,
  readUrlState,
  seedField,
  type UrlCapability,
  UrlStateError,
  vectorField,
  writeUrlState,
} from './url-state.ts';

const schema = {
  z: vectorField({ fallback: [0, 0], length: 2, digits: 2, bound: 4 }),
  seed: seedField(1),
  k: integerField({ fallback: 5, min: 1, max: 500 }),
  beta: numberField({ fallback: 1, min: 0, max: 10 }),
  model: choiceField<'vae' | 'ae'>({ fallback: 'vae', choices: ['vae', 'ae'] }),
  grid: booleanField(false),
};

describe('readUrlState', () => {
  it('reads each field under its prefix, and the defaults for absent ones', () => {
    const { state, rejected } = readUrlState({
      search: '?gen.z=0.5,-1.25&gen.seed=4294967295&gen.model=ae&other.k=7&gen.grid=1',
      prefix: 'gen',
      schema,
    });
    expect(rejected).toEqual([]);
    expect(state).toEqual({ z: [0.5, -1.25], seed: 4294967295, k: 5, beta: 1, model: 'ae', grid: true });
  });

  it('rejects (and names) every value that does not parse; those fields keep their defaults', () => {
    const { state, rejected } = readUrlState({
      search: 'gen.z=1,2,3&gen.seed=-1&gen.k=2.5&gen.beta=abc&gen.model=gan&gen.grid=yes',
      prefix: 'gen',
      schema,
    });
    expect(state).toEqual({ z: [0, 0], seed: 1, k: 5, beta: 1, model: 'vae', grid: false });
    expect(rejected).toEqual([
      { key: 'gen.z', raw: '1,2,3', reason: "expected 2 comma-separated numbers, got 3 in '1,2,3'" },
      { key: 'gen.seed', raw: '-1', reason: 'expected a value in [0, 4294967295], got -1' },
      { key: 'gen.k', raw: '2.5', reason: "expected an integer, got '2.5'" },
      { key: 'gen.beta', raw: 'abc', reason: "expected a number, got 'abc'" },
      { key: 'gen.model', raw: 'gan', reason: "expected one of vae, ae, got 'gan'" },
      { key: 'gen.grid', raw: 'yes', reason: "expected 1 or 0, got 'yes'" },
    ]);
  });

  it('rejects empty numbers and components out of bound', () => {
    const { rejected } = readUrlState({ search: 'gen.beta=&gen.z=5,0', prefix: 'gen', schema });
    expect(rejected.map((r) => r.reason)).toEqual([
      'expected a value in [-4, 4], got 5',
      "expected a number, got ''",
    ]);
  });

  it('refuses a prefix that would not survive a URL unambiguously', () => {
    expect(() => readUrlState({ search: '', prefix: 'a.b', schema })).toThrow(UrlStateError);
    expect(() => readUrlState({ search: '', prefix: '', schema })).toThrow(/got ''/);
  });
});

describe('writeUrlState', () => {
  it('writes rounded values, leaves other prefixes alone and drops values equal to the default', () => {
    const search = writeUrlState({
      search: '?other.k=7&gen.seed=9',
      prefix: 'gen',
      schema,
      patch: { z: [0.123456, -2], seed: 1, beta: 0.25 },
    });
    // seed 1 is the default: removed; z rounded to 2 decimals; ',' is percent-encoded by URLSearchParams.
    expect(search).toBe('other.k=7&gen.z=0.12%2C-2&gen.beta=0.25');
  });

  it('round-trips: what it writes reads back to the same (rounded) state', () => {
    const patch = { z: [3.5, -0.75], seed: 123456789, k: 64, beta: 0.001, model: 'ae', grid: true } as const;
    const search = writeUrlState({ search: '', prefix: 'fig-2', schema, patch });
    expect(readUrlState({ search, prefix: 'fig-2', schema })).toEqual({ state: patch, rejected: [] });
  });

  it('names the field and the known fields when asked to write an unknown one', () => {
    expect(() => writeUrlState({ search: '', prefix: 'gen', schema, patch: { zz: 1 } as never })).toThrow(
      "'zz' is not a field of the 'gen' URL state (fields: z, seed, k, beta, model, grid)",
    );
  });
});

describe('bindUrlState', () => {
  /** A location + history pair over one URL (what `window` offers, without a page). */
  function memoryUrl(href: string): UrlCapability & { warnings: string[] } {
    const warnings: string[] = [];
    const url = {
      location: { href },
      history: {
        state: null,
        replaceState(_data: unknown, _unused: string, next?: string | URL | null) {
          url.location.href = String(next);
        },
      },
      warn: (message: string) => warnings.push(message),
      warnings,
    };
    return url;
  }

  it('reads the URL, warns once per rejected value, and writes changes back in place', () => {
    const url = memoryUrl('http://127.0.0.1/?gen.k=0&gen.seed=3#generative');
    const bound = bindUrlState({ prefix: 'gen', schema, url });
    expect(bound.value.seed).toBe(3);
    expect(bound.value.k).toBe(5);
    expect(url.warnings).toEqual([
      'URL parameter gen.k=0 ignored (expected a value in [1, 500], got 0); the figure uses its default instead',
    ]);
    bound.set({ z: [1, 2] });
    expect(bound.value.z).toEqual([1, 2]);
    expect(url.location.href).toBe('http://127.0.0.1/?gen.k=0&gen.seed=3&gen.z=1%2C2#generative');
    expect(bindUrlState({ prefix: 'gen', schema, url }).value.z).toEqual([1, 2]);
  });
});
