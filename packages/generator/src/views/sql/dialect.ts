import type { DatabaseEngine, Field, FieldType } from '@archgen/model';

/** What differs between SQL engines when printing a schema; the template folder holds the rest. */
export interface SqlDialect {
    readonly engine: DatabaseEngine;
    /** The column type. Identity columns get the base type; the template adds the identity clause. */
    columnType(type: FieldType): string;
    /** The DEFAULT expression, or null. */
    defaultValue(field: Field): string | null;
    /** A string's length in characters. */
    charLength(column: string): string;
    /** A string literal. */
    literal(value: string): string;
    /** What an index covers for this column, or null when the engine cannot index it. */
    indexExpression(field: Field): string | null;
}

/** The longest enum member: the width of its varchar column. */
export function enumWidth(values: readonly string[]): number {
    return Math.max(1, ...values.map(v => v.length));
}
