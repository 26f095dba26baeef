import type { Entity, Field } from '@archgen/model';
import { checkName, foreignKeyName, primaryKeyName, uniqueName } from '../../naming.js';
import type { SqlDialect } from './dialect.js';

/** `comma` is the punctuation after the element inside CREATE TABLE: `,` or nothing for the last one. */
export interface ColumnView {
    readonly name: string;
    readonly type: string;
    readonly notNull: boolean;
    readonly default: string | null;
    /** Filled by the database (serial): the template prints the engine's identity clause. */
    readonly identity: boolean;
    readonly comment: string | null;
    readonly comma: string;
}

export interface PrimaryKeyView {
    readonly name: string;
    readonly columns: readonly string[];
    readonly comma: string;
}

export interface UniqueView {
    readonly name: string;
    readonly column: string;
    readonly comma: string;
}

export interface CheckView {
    readonly name: string;
    readonly expression: string;
    readonly comma: string;
}

export interface ForeignKeyView {
    readonly name: string;
    readonly table: string;
    readonly column: string;
    readonly refTable: string;
    readonly refColumn: string;
    readonly comma: string;
}

export interface TableView {
    readonly name: string;
    /** `entity Order (shop.arch:40)`. */
    readonly origin: string;
    readonly comment: string | null;
    readonly columns: readonly ColumnView[];
    /** At most one. */
    readonly primaryKey: readonly PrimaryKeyView[];
    readonly uniques: readonly UniqueView[];
    readonly checks: readonly CheckView[];
    readonly foreignKeys: readonly ForeignKeyView[];
}

export interface TableInput {
    readonly entity: Entity;
    readonly origin: string;
    /** Foreign keys created with the table (the others are deferred). */
    readonly inlineKeys: readonly Field[];
    /** Per column name, the comment to attach (docs, cross-database notes). */
    readonly columnComments: ReadonlyMap<string, string>;
}

type NoComma<T> = Omit<T, 'comma'>;

export function tableView(dialect: SqlDialect, input: TableInput): TableView {
    const { entity } = input;
    const table = entity.table;
    const columns = entity.fields.map(f => column(dialect, f, input.columnComments.get(f.column) ?? null));
    const pkColumns = entity.primaryKey
        .map(name => entity.fields.find(f => f.name === name)?.column)
        .filter((c): c is string => c !== undefined);
    const primaryKey = pkColumns.length > 0 ? [{ name: primaryKeyName(table), columns: pkColumns }] : [];
    const uniques = entity.fields
        .filter(f => f.unique && !(pkColumns.length === 1 && pkColumns[0] === f.column))
        .map(f => ({ name: uniqueName(table, f.column), column: f.column }));
    const checks = entity.fields.flatMap(f => checksOf(dialect, table, f));
    const foreignKeys = input.inlineKeys.map(f => foreignKeyView(table, f));

    const total = columns.length + primaryKey.length + uniques.length + checks.length + foreignKeys.length;
    let index = 0;
    const punctuate = <T extends object>(element: T): T & { comma: string } => ({ ...element, comma: ++index < total ? ',' : '' });
    // In the order the template prints them.
    const punctuatedColumns = columns.map(punctuate);
    const punctuatedPrimaryKey = primaryKey.map(punctuate);
    const punctuatedUniques = uniques.map(punctuate);
    const punctuatedChecks = checks.map(punctuate);
    const punctuatedForeignKeys = foreignKeys.map(punctuate);
    return {
        name: table,
        origin: input.origin,
        comment: entity.doc ?? null,
        columns: punctuatedColumns,
        primaryKey: punctuatedPrimaryKey,
        uniques: punctuatedUniques,
        checks: punctuatedChecks,
        foreignKeys: punctuatedForeignKeys
    };
}

export function foreignKeyView(table: string, field: Field): ForeignKeyView {
    const ref = field.references!;
    return { name: foreignKeyName(table, field.column), table, column: field.column, refTable: ref.table, refColumn: ref.column, comma: '' };
}

function column(dialect: SqlDialect, field: Field, comment: string | null): NoComma<ColumnView> {
    // A reference to a serial key is a plain integer column; only the key itself is filled by the database.
    const identity = field.type.name === 'serial' && field.references === undefined;
    return {
        name: field.column,
        type: dialect.columnType(field.type),
        notNull: field.required || field.primaryKey,
        default: identity ? null : dialect.defaultValue(field),
        identity,
        comment
    };
}

const NUMERIC = new Set(['int', 'bigint', 'serial', 'decimal']);
const TEXTUAL = new Set(['string', 'text']);

function checksOf(dialect: SqlDialect, table: string, field: Field): NoComma<CheckView>[] {
    const checks: NoComma<CheckView>[] = [];
    const col = field.column;
    if (field.type.name === 'enum') {
        const values = field.type.values.map(v => dialect.literal(v)).join(', ');
        checks.push({ name: checkName(table, col, 'enum'), expression: `${col} IN (${values})` });
    }
    const measured = NUMERIC.has(field.type.name) ? col : TEXTUAL.has(field.type.name) ? dialect.charLength(col) : null;
    if (measured === null) return checks;
    if (isBound(field.min)) checks.push({ name: checkName(table, col, 'min'), expression: `${measured} >= ${field.min}` });
    if (isBound(field.max)) checks.push({ name: checkName(table, col, 'max'), expression: `${measured} <= ${field.max}` });
    return checks;
}

function isBound(value: number | undefined): value is number {
    return value !== undefined && Number.isFinite(value);
}
