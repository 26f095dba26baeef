import { jsonString } from '../../quote.js';

export type LiteralValue = string | number | boolean | null | readonly LiteralValue[] | { readonly [key: string]: LiteralValue | undefined };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A TypeScript literal on one line: `{ name: "price", precision: 10 }`.
 * Keys keep their order; `undefined` properties are left out.
 */
export function tsLiteral(value: LiteralValue): string {
    if (value === null) return 'null';
    if (typeof value === 'string') return jsonString(value);
    if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new Error(`Cannot write ${value} as a literal.`);
        return String(value);
    }
    if (typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return `[${value.map(tsLiteral).join(', ')}]`;
    const entries = Object.entries(value as { readonly [key: string]: LiteralValue | undefined })
        .filter((entry): entry is [string, LiteralValue] => entry[1] !== undefined)
        .map(([key, v]) => `${IDENTIFIER.test(key) ? key : jsonString(key)}: ${tsLiteral(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
}
