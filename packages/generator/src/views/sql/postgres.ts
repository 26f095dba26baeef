import type { Field, FieldType } from '@archgen/model';
import { sqlString } from '../../quote.js';
import { type SqlDialect, enumWidth } from './dialect.js';

export const postgres: SqlDialect = {
    engine: 'postgres',
    columnType,
    defaultValue,
    charLength: column => `char_length(${column})`,
    literal: sqlString,
    indexExpression: field => field.column
};

function columnType(type: FieldType): string {
    switch (type.name) {
        case 'int':
        case 'serial':
            return 'integer';
        case 'bigint':
            return 'bigint';
        case 'string':
            return `varchar(${type.length})`;
        case 'text':
            return 'text';
        case 'boolean':
            return 'boolean';
        case 'decimal':
            return `numeric(${type.precision},${type.scale})`;
        case 'date':
            return 'date';
        case 'timestamp':
            return 'timestamptz';
        case 'uuid':
            return 'uuid';
        case 'enum':
            return `varchar(${enumWidth(type.values)})`;
        case 'json':
            return 'jsonb';
    }
}

function defaultValue(field: Field): string | null {
    const value = field.default;
    if (!value) return null;
    switch (value.kind) {
        case 'string':
        case 'enum':
            return sqlString(value.value);
        case 'number':
            return String(value.value);
        case 'boolean':
            return value.value ? 'true' : 'false';
        case 'now':
            return field.type.name === 'date' ? 'CURRENT_DATE' : 'now()';
        case 'random_uuid':
            return 'gen_random_uuid()';
    }
}
