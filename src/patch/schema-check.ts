/**
 * A checker of the subset of JSON Schema (draft 2020-12) that the artefact schema uses: it
 * stops at the first problem and names it by its JSON path (`$.operations[3].from`), with
 * every untrusted property name escaped so that the path is safe to show in a terminal.
 * `oneOf` branches are told apart by type, then by a property with a `const`.
 */

/** A JSON Schema object, as checked here. */
export type Schema = Record<string, unknown>;
/** The `$defs` that `#/$defs/NAME` references resolve in. */
export type Defs = Record<string, Schema>;

/** A value that is not as the schema (or a later check) says: its JSON path and what is wrong. */
export class Invalid extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(problem);
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// A path names a property of untrusted input: anything but printable ASCII is escaped, so that
// a path is safe to show in a terminal.
export const key = (path: string, k: string) =>
  IDENT.test(k)
    ? `${path}.${k}`
    : `${path}[${JSON.stringify(k.length > 64 ? `${k.slice(0, 64)}…` : k).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}]`;

const patterns = new Map<string, RegExp>();
/** The `u` regular expression of a schema pattern, compiled once. */
export function regex(p: string): RegExp {
  let r = patterns.get(p);
  if (!r) patterns.set(p, (r = new RegExp(p, 'u')));
  return r;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function describe(v: unknown): string {
  const t = typeOf(v);
  return t === 'string'
    ? `a string of ${(v as string).length} characters`
    : t === 'integer' || t === 'number'
      ? `the number ${String(v)}`
      : t;
}

function typesOf(s: Schema): string[] {
  return s.type === undefined ? [] : Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
}

function resolveRef(s: Schema, defs: Defs): Schema {
  const ref = s.$ref;
  if (typeof ref !== 'string') return s;
  return defs[ref.replace('#/$defs/', '')]!;
}

/**
 * Checks `v` against `schema`, in the subset of JSON Schema the artefact schema uses, with
 * references resolved in `defs`; throws {@link Invalid} at the first problem.
 */
export function check(v: unknown, schema: Schema, path: string, defs: Defs): void {
  const s = resolveRef(schema, defs);
  if ('const' in s && v !== s.const) throw new Invalid(path, `must be ${JSON.stringify(s.const)}, is ${describe(v)}`);
  if (Array.isArray(s.enum) && !s.enum.includes(v))
    throw new Invalid(path, `must be one of ${s.enum.map((x) => JSON.stringify(x)).join(', ')}`);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    const t = typeOf(v);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number')))
      throw new Invalid(path, `must be ${types.join(' or ')}, is ${describe(v)}`);
  }
  if (typeof v === 'string') {
    if (typeof s.maxLength === 'number' && v.length > s.maxLength) throw new Invalid(path, `is longer than ${s.maxLength} characters`);
    if (typeof s.pattern === 'string' && !regex(s.pattern).test(v))
      throw new Invalid(
        path,
        'holds a character or form not allowed here (a line break, a control character, or a character the HAT cannot take)',
      );
  }
  if (typeof v === 'number') {
    if (typeof s.minimum === 'number' && v < s.minimum) throw new Invalid(path, `must be at least ${s.minimum}`);
    if (typeof s.maximum === 'number' && v > s.maximum) throw new Invalid(path, `must be at most ${s.maximum}`);
  }
  if (Array.isArray(v)) {
    if (typeof s.maxItems === 'number' && v.length > s.maxItems)
      throw new Invalid(path, `holds ${v.length} items, more than ${s.maxItems}`);
    if (typeof s.minItems === 'number' && v.length < s.minItems) throw new Invalid(path, `must hold at least ${s.minItems} item(s)`);
    const prefix = (s.prefixItems as Schema[] | undefined) ?? [];
    for (let i = 0; i < Math.min(prefix.length, v.length); i++) check(v[i], prefix[i]!, `${path}[${i}]`, defs);
    if (s.items === false && v.length > prefix.length) throw new Invalid(`${path}[${prefix.length}]`, 'is one item too many');
    if (s.items && typeof s.items === 'object')
      for (let i = prefix.length; i < v.length; i++) check(v[i], s.items as Schema, `${path}[${i}]`, defs);
  }
  if (typeOf(v) === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties)
      throw new Invalid(path, `has ${keys.length} properties, more than ${s.maxProperties}`);
    const props = (s.properties ?? {}) as Record<string, Schema>;
    const names = s.propertyNames as Schema | undefined;
    for (const k of keys) {
      if (names && typeof names.pattern === 'string' && !regex(names.pattern).test(k))
        throw new Invalid(key(path, k), 'is not an allowed property name');
      if (Object.hasOwn(props, k)) check(o[k], props[k]!, key(path, k), defs);
      else if (s.additionalProperties === false) throw new Invalid(key(path, k), 'is not a property of this object');
      else if (typeof s.additionalProperties === 'object') check(o[k], s.additionalProperties as Schema, key(path, k), defs);
    }
    // After the properties present: a wrong `format` says more than the fields a format lacks.
    for (const r of (s.required as string[] | undefined) ?? []) if (!Object.hasOwn(o, r)) throw new Invalid(key(path, r), 'is missing');
  }
  if (Array.isArray(s.oneOf)) {
    // The branches are told apart by their type, then by a property with a `const` (`op`, `kind`).
    const branches = (s.oneOf as Schema[]).map((x) => resolveRef(x, defs));
    const t = typeOf(v);
    const fits = branches.filter(
      (b) => b.type === undefined || typesOf(b).includes(t) || (t === 'integer' && typesOf(b).includes('number')),
    );
    const discriminator = (b: Schema) => Object.entries((b.properties ?? {}) as Record<string, Schema>).find(([, p]) => 'const' in p);
    let branch: Schema | undefined = fits.length === 1 ? fits[0] : undefined;
    if (fits.length > 1 && t === 'object')
      branch = fits.find((b) => {
        const d = discriminator(b);
        return d !== undefined && (v as Record<string, unknown>)[d[0]] === d[1].const;
      });
    if (!branch) {
      const d = fits.map(discriminator).find((x) => x !== undefined);
      if (d && t === 'object') {
        const allowed = fits
          .map(discriminator)
          .filter((x) => x !== undefined)
          .map((x) => JSON.stringify(x![1].const));
        throw new Invalid(key(path, d[0]), `must be one of ${allowed.join(', ')}`);
      }
      throw new Invalid(
        path,
        `must be ${branches.map((b) => typesOf(b).join(' or ') || 'something else').join(', or ')}, is ${describe(v)}`,
      );
    }
    check(v, branch, path, defs);
  }
}
