import type { DefaultValue, Entity, Field, FieldReference, FieldType } from '@archgen/model';
import * as ast from '../generated/ast.js';
import { resourceName, snakeCase, tableName } from '../util/naming.js';
import type { BuildContext } from './context.js';

/** Where each entity lives, so references can tell a foreign key from a cross-service id. */
export interface EntityIndex {
    readonly databaseOf: Map<string, string>;
    readonly entities: Map<string, ast.Entity>;
}

export function indexEntities(ctx: BuildContext): EntityIndex {
    const databaseOf = new Map<string, string>();
    const entities = new Map<string, ast.Entity>();
    for (const component of ctx.components) {
        for (const entity of component.members.filter(ast.isEntity)) {
            if (entities.has(entity.name)) continue;
            entities.set(entity.name, entity);
            databaseOf.set(entity.name, component.name);
        }
    }
    return { databaseOf, entities };
}

export function buildEntity(ctx: BuildContext, index: EntityIndex, entity: ast.Entity, database: string, owner: string | undefined): Entity {
    const declared = entity.fields.map(f => buildField(ctx, index, f, database));
    const hasKey = declared.some(f => f.primaryKey);
    const fields = hasKey ? declared : [implicitId(ctx, entity), ...declared];
    return {
        name: entity.name,
        ...ctx.doc(entity),
        database,
        ...(owner ? { owner } : {}),
        table: tableName(entity.name),
        resource: resourceName(entity.name),
        fields,
        primaryKey: fields.filter(f => f.primaryKey).map(f => f.name),
        source: ctx.source(entity)
    };
}

/** The `id serial primary key` an entity gets when it declares no key. */
function implicitId(ctx: BuildContext, entity: ast.Entity): Field {
    return {
        name: 'id', column: 'id', type: { name: 'serial' }, primaryKey: true, required: true, unique: false,
        indexed: false, generated: true, source: ctx.source(entity)
    };
}

export function buildField(ctx: BuildContext, index: EntityIndex, field: ast.Field, database: string): Field {
    const type = buildType(field.type);
    const flags = new Set(field.modifiers.filter(ast.isFlagModifier).map(m => m.flag));
    const primaryKey = field.modifiers.some(ast.isPrimaryKeyModifier);
    const defaultModifier = field.modifiers.find(ast.isDefaultModifier);
    const min = field.modifiers.find(m => ast.isBoundModifier(m) && m.bound === 'min') as ast.BoundModifier | undefined;
    const max = field.modifiers.find(m => ast.isBoundModifier(m) && m.bound === 'max') as ast.BoundModifier | undefined;
    const referenceModifier = field.modifiers.find(ast.isReferenceModifier);
    const sumModifier = field.modifiers.find(ast.isSumModifier);
    let def = defaultModifier ? buildDefault(defaultModifier.value, type) : undefined;
    if (!def && primaryKey && type.name === 'uuid') def = { kind: 'random_uuid' };
    const references = referenceModifier ? buildReference(index, referenceModifier, database) : undefined;
    const generated = type.name === 'serial' || def?.kind === 'now' || def?.kind === 'random_uuid' || sumModifier !== undefined;
    return {
        name: field.name,
        column: snakeCase(field.name),
        ...ctx.doc(field),
        type,
        primaryKey,
        required: primaryKey || (flags.has('required') && !flags.has('optional')),
        unique: flags.has('unique'),
        indexed: flags.has('indexed') || references !== undefined,
        ...(def ? { default: def } : {}),
        ...(min ? { min: min.value } : {}),
        ...(max ? { max: max.value } : {}),
        ...(references ? { references } : {}),
        generated,
        ...(sumModifier?.entity.ref ? { sum: { entity: sumModifier.entity.ref.name, field: sumModifier.field } } : {}),
        source: ctx.source(field)
    };
}

export function buildType(ref: ast.TypeRef): FieldType {
    const args = ref.args.map(a => String(a));
    switch (ref.name) {
        case 'string': return { name: 'string', length: args[0] ? Number(args[0]) : 255 };
        case 'decimal': // decimal(p) is decimal(p,0), as in SQL; bare decimal is decimal(12,2)
            return { name: 'decimal', precision: args[0] ? Number(args[0]) : 12, scale: args[1] ? Number(args[1]) : args[0] ? 0 : 2 };
        case 'enum': return { name: 'enum', values: args.map(unquote) };
        case 'int': case 'bigint': case 'serial': case 'text': case 'boolean':
        case 'date': case 'timestamp': case 'uuid': case 'json':
            return { name: ref.name };
        default:
            // Validation rejects unknown types before the IR is built.
            return { name: 'text' };
    }
}

function buildDefault(literal: ast.Literal, type: FieldType): DefaultValue | undefined {
    if (literal.string !== undefined) return { kind: 'string', value: literal.string };
    if (literal.number !== undefined) return { kind: 'number', value: literal.number };
    if (literal.boolean !== undefined) return { kind: 'boolean', value: literal.boolean === 'true' };
    if (literal.word !== undefined) {
        if (literal.word === 'now') return { kind: 'now' };
        if (literal.word === 'uuid' || literal.word === 'random') return { kind: 'random_uuid' };
        if (type.name === 'enum') return { kind: 'enum', value: literal.word };
        return { kind: 'string', value: literal.word };
    }
    return undefined;
}

function buildReference(index: EntityIndex, modifier: ast.ReferenceModifier, database: string): FieldReference | undefined {
    const target = modifier.entity.ref;
    if (!target) return undefined;
    const targetDatabase = index.databaseOf.get(target.name) ?? database;
    const keyField = target.fields.find(f => f.modifiers.some(ast.isPrimaryKeyModifier));
    return {
        entity: target.name,
        table: tableName(target.name),
        column: keyField ? snakeCase(keyField.name) : 'id',
        database: targetDatabase,
        foreignKey: targetDatabase === database
    };
}

/**
 * Removes the quotes of a value parsed by a datatype rule (enum members may be
 * quoted). Values of STRING terminals arrive unquoted already.
 */
export function unquote(text: string): string {
    const t = String(text);
    if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) {
        return t.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    return t;
}
