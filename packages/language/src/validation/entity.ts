import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { snakeCase, tableName } from '../ir/names.js';
import { engineOf, reservedIn } from './_reserved-words.js';
import { at, keywordRange, lineOf, relatedAt, report } from './_shared.js';
import { IssueCodes } from './issue-codes.js';

/** Field names of an entity or a payload are unique, and so are the columns they become (`orderId`, `order_id`). */
export function fieldNamesMustBeUnique(owner: ast.Entity | ast.Payload, accept: ValidationAcceptor): void {
    const where = ast.isEntity(owner) ? `entity '${owner.name}'` : 'this payload';
    const byName = new Map<string, ast.Field>();
    const byColumn = new Map<string, ast.Field>();
    for (const field of owner.fields) {
        if (!field.name) continue;
        const earlier = byName.get(field.name);
        if (earlier) {
            report(accept, 'error', IssueCodes.DuplicateField,
                `Field '${field.name}' is already declared in ${where} on line ${lineOf(earlier)}: field names must be unique.`,
                { node: field, property: 'name', relatedInformation: relatedAt(earlier, `'${field.name}' is first declared here.`, 'name') });
            continue;
        }
        byName.set(field.name, field);
        const column = snakeCase(field.name);
        const sameColumn = byColumn.get(column);
        if (sameColumn) {
            report(accept, 'error', IssueCodes.DuplicateField,
                `Field '${field.name}' becomes the column '${column}', as does field '${sameColumn.name}' on line ${lineOf(sameColumn)} of ${where}: rename one of them.`,
                { node: field, property: 'name', relatedInformation: relatedAt(sameColumn, `'${sameColumn.name}' also becomes '${column}'.`, 'name') });
            continue;
        }
        byColumn.set(column, field);
    }
}

/** One primary key per entity (composite keys are not supported; without one, archgen adds `id serial`). */
export function entityMustHaveOnePrimaryKey(entity: ast.Entity, accept: ValidationAcceptor): void {
    let first: ast.Field | undefined;
    for (const field of entity.fields) {
        const key = field.modifiers.find(ast.isPrimaryKeyModifier);
        if (!key) continue;
        if (!first) {
            first = field;
            continue;
        }
        report(accept, 'error', IssueCodes.MultiplePrimaryKeys,
            `Entity '${entity.name}' already has the primary key '${first.name}' on line ${lineOf(first)}: an entity has one primary key, so make '${field.name}' unique instead.`,
            { ...at(key, keywordRange(key, 'primary', 'key')), relatedInformation: relatedAt(first, 'The first primary key.', 'name') });
    }
}

/** The table an entity becomes must not be an SQL reserved word (`Key` -> `keys`). */
export function entityTableMustNotBeReservedWord(entity: ast.Entity, accept: ValidationAcceptor): void {
    if (!entity.name) return;
    const table = tableName(entity.name);
    const engine = reservedIn(table, engineOf(entity.$container));
    if (!engine) return;
    report(accept, 'error', IssueCodes.ReservedWord,
        `Entity '${entity.name}' becomes the table '${table}', a reserved word in ${engine}: rename the entity, for example to '${entity.name}Entry'.`,
        { node: entity, property: 'name' });
}

export const entityChecks: ValidationChecks<ast.ArchgenAstType> = {
    Entity: [fieldNamesMustBeUnique, entityMustHaveOnePrimaryKey, entityTableMustNotBeReservedWord],
    Payload: [fieldNamesMustBeUnique]
};
