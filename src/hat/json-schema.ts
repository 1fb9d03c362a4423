/**
 * The few TypeBox builders the recipe and artefact schemas use, as plain functions typed with TypeBox's
 * own schema types, so that `Static<typeof schema>` derives the TypeScript types from the one
 * schema. TypeBox itself is types only here: importing its run-time code took ~80 ms of every
 * start-up, and these write the same JSON Schema (TypeBox's key order, without its symbols).
 */
import type {
  ArrayOptions,
  IntegerOptions,
  ObjectOptions,
  StringOptions,
  TArray,
  TInteger,
  TLiteral,
  TLiteralValue,
  TObject,
  TOptional,
  TProperties,
  TSchema,
  Static,
  TString,
  TUnsafe,
} from '@sinclair/typebox';

export type { Static, TProperties, TSchema } from '@sinclair/typebox';

const optional = new WeakSet<object>();

/** TypeBox's `Type`, for the schemas this tool writes. */
export const Type = {
  /** An object with these properties, those marked {@link Type.Optional} not required. */
  Object<P extends TProperties>(properties: P, options: ObjectOptions = {}): TObject<P> {
    const required = Object.keys(properties).filter((k) => !optional.has(properties[k]!));
    return { ...options, type: 'object', ...(required.length ? { required } : {}), properties } as unknown as TObject<P>;
  },
  /** `schema`, not required in the object holding it. */
  Optional<S extends TSchema>(schema: S): TOptional<S> {
    const copy = { ...schema };
    optional.add(copy);
    return copy as TOptional<S>;
  },
  String(options: StringOptions = {}): TString {
    return { ...options, type: 'string' } as unknown as TString;
  },
  Integer(options: IntegerOptions = {}): TInteger {
    return { ...options, type: 'integer' } as unknown as TInteger;
  },
  Literal<V extends TLiteralValue>(value: V): TLiteral<V> {
    return { const: value, type: typeof value } as unknown as TLiteral<V>;
  },
  Array<S extends TSchema>(items: S, options: ArrayOptions = {}): TArray<S> {
    return { ...options, type: 'array', items } as unknown as TArray<S>;
  },
  /** One of `values` (`enum`). */
  Enum<const V extends readonly (string | number)[]>(values: V, options: object = {}): TUnsafe<V[number]> {
    return { ...options, enum: values } as unknown as TUnsafe<V[number]>;
  },
  /** Exactly one of `branches` (`oneOf`). */
  OneOf<T extends TSchema[]>(branches: [...T], options: object = {}): TUnsafe<Static<T[number]>> {
    return { ...options, oneOf: branches } as unknown as TUnsafe<Static<T[number]>>;
  },
  /** At least one of `branches` (`anyOf`). */
  AnyOf<T extends TSchema[]>(branches: [...T], options: object = {}): TUnsafe<Static<T[number]>> {
    return { ...options, anyOf: branches } as unknown as TUnsafe<Static<T[number]>>;
  },
  /** Any JSON Schema, of the type `T`. */
  Unsafe<T>(schema: object): TUnsafe<T> {
    return schema as TUnsafe<T>;
  },
};
