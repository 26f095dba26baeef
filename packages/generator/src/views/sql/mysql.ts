import type { Field, FieldType } from '@archgen/model';
import { mysqlString } from '../../quote.js';
import { type SqlDialect, enumWidth } from './dialect.js';

/** MySQL 8.4: expression defaults in parentheses, CHECK enforced, uuids as CHAR(36). */
export const mysql: SqlDialect = {
    engine: 'mysql',
    columnType,
    defaultValue,
    charLength: column => `CHAR_LENGTH(${column})`,
    literal: mysqlString,
    indexExpression
};

/** Index prefix for TEXT columns, which MySQL cannot index whole. */
const TEXT_INDEX_PREFIX = 255;

function columnType(type: FieldType): string {
    switch (type.name) {
        case 'int':
        case 'serial':
            return 'INT';
        case 'bigint':
            return 'BIGINT';
        case 'string':
            return `VARCHAR(${type.length})`;
        case 'text':
            return 'TEXT';
        case 'boolean':
            return 'BOOLEAN';
        case 'decimal':
            return `DECIMAL(${type.precision},${type.scale})`;
        case 'date':
            return 'DATE';
        case 'timestamp':
            return 'DATETIME(3)';
        case 'uuid':
            return 'CHAR(36)';
        case 'enum':
            return `VARCHAR(${enumWidth(type.values)})`;
        case 'json':
            return 'JSON';
    }
}

function defaultValue(field: Field): string | null {
    const value = field.default;
    if (!value) return null;
    // TEXT and JSON columns only take expression defaults.
    const expression = field.type.name === 'text' || field.type.name === 'json';
    switch (value.kind) {
        case 'string':
        case 'enum':
            return expression ? `(${mysqlString(value.value)})` : mysqlString(value.value);
        case 'number':
            return String(value.value);
        case 'boolean':
            return value.value ? 'TRUE' : 'FALSE';
        case 'now':
            return field.type.name === 'date' ? '(CURRENT_DATE)' : 'CURRENT_TIMESTAMP(3)';
        case 'random_uuid':
            return '(UUID())';
    }
}

function indexExpression(field: Field): string | null {
    if (field.type.name === 'json') return null;
    return field.type.name === 'text' ? `${field.column}(${TEXT_INDEX_PREFIX})` : field.column;
}
