/**
 * JSON Schema (the 2020-12 dialect OpenAPI 3.1 and AsyncAPI 3 use) of the
 * values a generated service takes and gives, field by field: the contract's
 * side of the runtime's `values.ts` (`checkValue` for what it takes, `toApi`
 * for what it gives). Every rule of `checkValue` that JSON Schema can state is
 * stated here, so a value the schema accepts is one the runtime accepts; the
 * rules it cannot state (the digits after the point of a decimal sent as a
 * number, the bounds of a decimal or big integer sent as text, the 64-bit
 * range of a big integer sent as text) are said in the description and left
 * to the runtime, which checks after the contract.
 */
import type { DefaultValue, Field, FieldTypeName } from '@archgen/model';
import { fieldModel } from './model-view.js';

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The runtime's FieldModel of a field (model-view.ts#fieldModel), typed. */
export type RuntimeField = {
    readonly name: string;
    readonly column: string;
    readonly type: FieldTypeName;
    readonly length?: number;
    readonly precision?: number;
    readonly scale?: number;
    readonly values?: readonly string[];
    readonly min?: number;
    readonly max?: number;
    readonly primaryKey: boolean;
    readonly required: boolean;
    readonly defaulted: boolean;
    readonly generated: boolean;
    readonly unique: boolean;
    readonly secret: boolean;
};

export function runtimeField(field: Field, secret = false): RuntimeField {
    return fieldModel(field, secret) as unknown as RuntimeField;
}

/**
 * What a schema describes:
 *   write  a value in a request body or a message (checkValue with its bounds);
 *   read   a value in an answer (toApi);
 *   text   a query parameter or the `{id}` of a path, as the runtime parses it from text
 *          (checkValue without bounds): whole numbers and booleans are typed, the rest stays text.
 */
export type ValueUse = 'write' | 'read' | 'text';

/** PostgreSQL's integer. */
export const INT4 = { min: -2_147_483_648, max: 2_147_483_647 } as const;
/** Numbers a big integer may be sent as: safe integers (larger ones go as text). */
const SAFE = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER } as const;
/** toApi gives a decimal as a number up to this precision, as text beyond it. */
export const NUMBER_PRECISION = 15;

const INTEGER_TEXT = '^[-+]?[0-9]+$';
const UUID_TEXT = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** PostgreSQL text cannot hold NUL characters. */
const NO_NUL = '^[^\\u0000]*$';

/**
 * A decimal of `precision` digits, `scale` after the point, written as text:
 * what values.ts's `decimal` accepts, leading zeros of the whole part and
 * trailing zeros of the fraction not counted.
 */
export function decimalPattern(precision: number, scale: number): string {
    const whole = precision - scale > 0 ? `0*[0-9]{1,${precision - scale}}` : '0+';
    const fraction = scale > 0 ? `\\.[0-9]{0,${scale}}0*` : '\\.0*';
    const pointFirst = scale > 0 ? `\\.(?:[0-9]{1,${scale}}0*|0+)` : '\\.0+';
    return `^[-+]?(?:${whole}(?:${fraction})?|${pointFirst})$`;
}

/** The schema of one field's values (never null: see `nullable`). */
export function valueSchema(field: RuntimeField, use: ValueUse): JsonObject {
    const bounded = use === 'write';
    switch (field.type) {
        case 'int':
        case 'serial':
            return use === 'read'
                ? { type: 'integer' }
                : { type: 'integer', ...numberBounds(bounded ? field : {}, INT4) };
        case 'bigint':
            if (use === 'text') return { type: 'string', pattern: INTEGER_TEXT };
            return {
                type: ['integer', 'string'],
                pattern: INTEGER_TEXT,
                ...(use === 'write' ? numberBounds(field, SAFE) : {}),
                description: 'A 64-bit whole number: a number, or text when it is beyond 2^53.'
            };
        case 'decimal':
            return decimalSchema(field, use);
        case 'string':
        case 'text':
            return textSchema(field, use);
        case 'boolean':
            return { type: 'boolean' };
        case 'date':
            return { type: 'string', format: 'date' };
        case 'timestamp':
            return { type: 'string', format: 'date-time' };
        case 'uuid':
            return use === 'read' ? { type: 'string', format: 'uuid' } : { type: 'string', format: 'uuid', pattern: UUID_TEXT };
        case 'enum':
            return { type: 'string', enum: [...(field.values ?? [])] };
        case 'json':
            return { description: 'Any JSON value.' };
    }
}

function numberBounds(field: { readonly min?: number; readonly max?: number }, range: { readonly min: number; readonly max: number }): JsonObject {
    return {
        minimum: field.min !== undefined ? Math.max(field.min, range.min) : range.min,
        maximum: field.max !== undefined ? Math.min(field.max, range.max) : range.max
    };
}

function decimalSchema(field: RuntimeField, use: ValueUse): JsonObject {
    const precision = field.precision ?? 38;
    const scale = field.scale ?? 0;
    const pattern = decimalPattern(precision, scale);
    const shape = `at most ${precision - scale} digits before the decimal point and ${scale} after it`;
    if (use === 'read') {
        return precision <= NUMBER_PRECISION
            ? { type: 'number', description: `A decimal with ${shape}.` }
            : { type: 'string', pattern, description: `A decimal with ${shape}, as text (it may not fit a binary floating-point number).` };
    }
    if (use === 'text') return { type: 'string', pattern, description: `A decimal with ${shape}.` };
    const limit = 10 ** (precision - scale);
    const bounds = [field.min !== undefined ? `at least ${field.min}` : '', field.max !== undefined ? `at most ${field.max}` : ''].filter(b => b !== '');
    return {
        type: ['number', 'string'],
        pattern,
        exclusiveMinimum: -limit,
        exclusiveMaximum: limit,
        ...(field.min !== undefined ? { minimum: field.min } : {}),
        ...(field.max !== undefined ? { maximum: field.max } : {}),
        description: `A decimal with ${shape}, as a number or as text${bounds.length > 0 ? `, ${bounds.join(' and ')}` : ''}.`
    };
}

function textSchema(field: RuntimeField, use: ValueUse): JsonObject {
    const lengths: number[] = [];
    if (field.type === 'string' && field.length !== undefined) lengths.push(field.length);
    if (use === 'write' && field.max !== undefined) lengths.push(Math.floor(field.max));
    const schema: JsonObject = { type: 'string' };
    if (use === 'write' && field.min !== undefined && field.min > 0) schema['minLength'] = Math.ceil(field.min);
    if (lengths.length > 0) schema['maxLength'] = Math.max(0, Math.min(...lengths));
    if (use !== 'read') schema['pattern'] = NO_NUL;
    return schema;
}

/** The field without its bounds: what the internal routes check a value against (type, length, digits). */
export function unbounded(field: RuntimeField): RuntimeField {
    const { min: _min, max: _max, ...rest } = field;
    return rest;
}

/** A schema that also takes null: `type` and `enum` widened (a JSON field already takes anything). */
export function nullable(schema: JsonObject): JsonObject {
    if (!('type' in schema)) return schema;
    const types = Array.isArray(schema['type']) ? (schema['type'] as string[]) : [schema['type'] as string];
    const out: JsonObject = { ...schema, type: [...types, 'null'] };
    if (Array.isArray(schema['enum'])) out['enum'] = [...(schema['enum'] as Json[]), null];
    return out;
}

/**
 * `{ ...schema, description }`: what the schema says of the value first (a refusal quotes
 * it: "must be a decimal with ..."), then the field's documentation and notes.
 */
export function described(schema: JsonObject, ...sentences: (string | undefined)[]): JsonObject {
    const text = [schema['description'] as string | undefined, ...sentences]
        .filter((s): s is string => s !== undefined && s.trim() !== '')
        .map(s => s.replace(/\s+/g, ' ').trim())
        .join(' ');
    if (text === '') return schema;
    const { description: _old, ...rest } = schema;
    return { ...rest, description: text };
}

/** The default of a field as a JSON Schema `default`, or a sentence for the defaults the database computes. */
export function defaultOf(value: DefaultValue | undefined): { readonly default?: Json; readonly note?: string } {
    if (value === undefined) return {};
    switch (value.kind) {
        case 'now':
            return { note: 'Defaults to the current time.' };
        case 'random_uuid':
            return { note: 'Defaults to a random UUID.' };
        default:
            return { default: value.value };
    }
}
