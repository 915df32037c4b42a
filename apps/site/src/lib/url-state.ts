/**
 * Figure state in the URL, so a link reproduces a figure exactly (seed included).
 *
 * Each figure owns a prefix (`gen`, `reparam`, ...) and a schema of typed fields; its state lives in the
 * query string as `prefix.key=value` (e.g. `?gen.z=0.5,-1.25&reparam.seed=7`). Values equal to the
 * field's default are left out, so an untouched page has a bare URL. A value that does not parse is
 * never dropped silently: it is returned in `rejected` with the reason, and the browser binding warns.
 *
 *   const state = bindUrlState({ prefix: 'gen', schema: { z: vectorField({ length: 2, fallback: [0, 0] }) } });
 *   state.value.z;            // typed [number, number]-like readonly number[]
 *   state.set({ z: [1, 2] }); // history.replaceState, no navigation
 */

/** One typed value in the URL: how to read it, write it, and what it is when absent. */
export interface Field<T> {
  readonly fallback: T;
  /** Parses the raw query value; throws an Error whose message says what was expected. */
  parse(raw: string): T;
  format(value: T): string;
}

// biome-ignore lint/suspicious/noExplicitAny: a schema holds fields of different value types.
export type Schema = Readonly<Record<string, Field<any>>>;
export type StateOf<S extends Schema> = { readonly [K in keyof S]: S[K]['fallback'] };

/** A query value that did not parse, and why (its field keeps its default). */
export interface Rejected {
  readonly key: string;
  readonly raw: string;
  readonly reason: string;
}

export interface ReadOptions<S extends Schema> {
  /** The query string (`location.search`, with or without '?') or its parsed form. */
  readonly search: string | URLSearchParams;
  /** The figure's prefix: keys are `prefix.field`. Letters, digits and '-' only. */
  readonly prefix: string;
  readonly schema: S;
}

export interface ReadResult<S extends Schema> {
  readonly state: StateOf<S>;
  readonly rejected: readonly Rejected[];
}

export interface WriteOptions<S extends Schema> extends ReadOptions<S> {
  /** The fields to set; the others keep what the query string holds. */
  readonly patch: Partial<StateOf<S>>;
}

export class UrlStateError extends Error {
  override name = 'UrlStateError';
}

const PREFIX = /^[a-z][a-z0-9-]*$/i;

function checkPrefix(prefix: string): void {
  if (!PREFIX.test(prefix)) {
    throw new UrlStateError(
      `URL state prefix must be letters, digits and '-', starting with a letter; got '${prefix}'`,
    );
  }
}

const params = (search: string | URLSearchParams): URLSearchParams =>
  new URLSearchParams(typeof search === 'string' ? search : search.toString());

/** Reads a figure's state: each field from `prefix.key`, or its fallback when absent or rejected. */
export function readUrlState<S extends Schema>({ search, prefix, schema }: ReadOptions<S>): ReadResult<S> {
  checkPrefix(prefix);
  const query = params(search);
  const rejected: Rejected[] = [];
  const state: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema)) {
    const key = `${prefix}.${name}`;
    const raw = query.get(key);
    state[name] = field.fallback;
    if (raw === null) continue;
    try {
      state[name] = field.parse(raw);
    } catch (error) {
      rejected.push({ key, raw, reason: (error as Error).message });
    }
  }
  return { state: state as StateOf<S>, rejected };
}

/** The query string (no '?') with `patch` written under the prefix; defaults are removed. */
export function writeUrlState<S extends Schema>({ search, prefix, schema, patch }: WriteOptions<S>): string {
  checkPrefix(prefix);
  const query = params(search);
  for (const [name, value] of Object.entries(patch)) {
    const field = schema[name];
    if (field === undefined) {
      throw new UrlStateError(
        `'${name}' is not a field of the '${prefix}' URL state (fields: ${Object.keys(schema).join(', ')})`,
      );
    }
    const text = field.format(value);
    const key = `${prefix}.${name}`;
    if (text === field.format(field.fallback)) query.delete(key);
    else query.set(key, text);
  }
  return query.toString();
}

// ---- fields ----------------------------------------------------------------------------------------

function finite(raw: string): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) throw new Error(`expected a number, got '${raw}'`);
  return value;
}

function inRange(value: number, min: number, max: number): number {
  if (value < min || value > max) throw new Error(`expected a value in [${min}, ${max}], got ${value}`);
  return value;
}

/** Shortest decimal text of `value` rounded to `digits` decimals (so 0.5 is '0.5', not '0.500'). */
const decimal = (value: number, digits: number): string => String(Number(value.toFixed(digits)));

/** A number field's default and its inclusive bounds (default: unbounded). */
export interface IntegerFieldOptions {
  readonly fallback: number;
  readonly min?: number;
  readonly max?: number;
}

export function integerField({
  fallback,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
}: IntegerFieldOptions): Field<number> {
  return {
    fallback,
    parse(raw) {
      const value = finite(raw);
      if (!Number.isInteger(value)) throw new Error(`expected an integer, got '${raw}'`);
      return inRange(value, min, max);
    },
    format: (value) => String(value),
  };
}

/** A seed for the SDK's and core's generators: an integer in [0, 2^32 - 1]. */
export const seedField = (fallback: number): Field<number> =>
  integerField({ fallback, min: 0, max: 0xffff_ffff });

export interface NumberFieldOptions extends IntegerFieldOptions {
  /** Decimals kept in the URL (default 3); the value read back is the rounded one. */
  readonly digits?: number;
}

export function numberField({
  fallback,
  min = Number.NEGATIVE_INFINITY,
  max = Number.POSITIVE_INFINITY,
  digits = 3,
}: NumberFieldOptions): Field<number> {
  return {
    fallback,
    parse: (raw) => inRange(finite(raw), min, max),
    format: (value) => decimal(value, digits),
  };
}

export interface VectorFieldOptions {
  readonly fallback: readonly number[];
  /** Exact number of components (2 for a latent point). */
  readonly length: number;
  /** Decimals kept per component (default 3). */
  readonly digits?: number;
  /** Bound on each component's magnitude (default: none). */
  readonly bound?: number;
}

/** A fixed-length list of numbers as `a,b,...` (a point z on the latent plane, a pair of digits). */
export function vectorField({
  fallback,
  length,
  digits = 3,
  bound = Number.POSITIVE_INFINITY,
}: VectorFieldOptions): Field<readonly number[]> {
  return {
    fallback,
    parse(raw) {
      const parts = raw.split(',');
      if (parts.length !== length) {
        throw new Error(`expected ${length} comma-separated numbers, got ${parts.length} in '${raw}'`);
      }
      return parts.map((part) => inRange(finite(part), -bound, bound));
    },
    format: (value) => value.map((v) => decimal(v, digits)).join(','),
  };
}

export interface ChoiceFieldOptions<T extends string> {
  readonly fallback: T;
  readonly choices: readonly T[];
}

export function choiceField<T extends string>({ fallback, choices }: ChoiceFieldOptions<T>): Field<T> {
  return {
    fallback,
    parse(raw) {
      if (!(choices as readonly string[]).includes(raw)) {
        throw new Error(`expected one of ${choices.join(', ')}, got '${raw}'`);
      }
      return raw as T;
    },
    format: (value) => value,
  };
}

export const booleanField = (fallback: boolean): Field<boolean> => ({
  fallback,
  parse(raw) {
    if (raw === '1') return true;
    if (raw === '0') return false;
    throw new Error(`expected 1 or 0, got '${raw}'`);
  },
  format: (value) => (value ? '1' : '0'),
});

// ---- the browser binding ---------------------------------------------------------------------------

/** What the binding needs from `window`: injected so it can run against any location/history pair. */
export interface UrlCapability {
  readonly location: Pick<Location, 'href'>;
  readonly history: Pick<History, 'replaceState' | 'state'>;
  /** Where rejected values are reported (default `console.warn`). */
  readonly warn?: (message: string) => void;
}

export interface BoundUrlState<S extends Schema> {
  /** The state as of the last read or `set`. */
  readonly value: StateOf<S>;
  readonly rejected: readonly Rejected[];
  /** Merges `patch` into the state and the URL (replaceState: no navigation, no history entry). */
  set(patch: Partial<StateOf<S>>): void;
}

export interface BindOptions<S extends Schema> {
  readonly prefix: string;
  readonly schema: S;
  /** Default: the page's `window`. */
  readonly url?: UrlCapability;
}

/** Reads a figure's state from the page URL now, and writes changes back with `history.replaceState`. */
export function bindUrlState<S extends Schema>({
  prefix,
  schema,
  url = globalThis as unknown as UrlCapability,
}: BindOptions<S>): BoundUrlState<S> {
  const warn = url.warn ?? ((message: string) => console.warn(message));
  const read = readUrlState({ search: new URL(url.location.href).search, prefix, schema });
  for (const { key, raw, reason } of read.rejected) {
    warn(`URL parameter ${key}=${raw} ignored (${reason}); the figure uses its default instead`);
  }
  let value = read.state;
  return {
    get value() {
      return value;
    },
    rejected: read.rejected,
    set(patch) {
      const href = new URL(url.location.href);
      href.search = writeUrlState({ search: href.search, prefix, schema, patch });
      value = { ...value, ...patch };
      url.history.replaceState(url.history.state, '', href);
    },
  };
}
