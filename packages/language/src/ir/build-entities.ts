import type { DefaultValue, Entity, Field, FieldReference, FieldType } from '@archgen/model';
import * as ast from '../generated/ast.js';
import type { BuildContext, Draft } from './context.js';
import { resourceName, snakeCase, tableName } from './names.js';

/** Where each entity lives, so references can tell a foreign key from a cross-service id. */
export interface EntityIndex {
    readonly databaseOf: Map<string, string>;
    readonly entities: Map<string, ast.Entity>;
}

export function indexEntities(ctx: BuildContext): EntityIndex {
    const databaseOf = new Map<string, string>();
    const entities = new Map<string, ast.Entity>();
    for (const component of ctx.components) {
        for (const entity of component.members) {
            if (!ast.isEntity(entity) || entities.has(entity.name)) continue;
            entities.set(entity.name, entity);
            databaseOf.set(entity.name, component.name);
        }
    }
    return { databaseOf, entities };
}

export function buildEntity(ctx: BuildContext, index: EntityIndex, entity: ast.Entity, database: string, owner: string | undefined): Entity {
    const declared: Field[] = [];
    let hasKey = false;
    for (const f of entity.fields) {
        const field = buildField(ctx, index, f, database);
        if (field.primaryKey) hasKey = true;
        declared.push(field);
    }
    const fields = hasKey ? declared : [implicitId(ctx, entity), ...declared];
    const primaryKey: string[] = [];
    for (const f of fields) if (f.primaryKey) primaryKey.push(f.name);
    const doc = ctx.docOf(entity);
    const result: Draft<Entity> = doc === undefined ? { name: entity.name, database } : { name: entity.name, doc, database };
    if (owner) result.owner = owner;
    result.table = tableName(entity.name);
    result.resource = resourceName(entity.name);
    result.fields = fields;
    result.primaryKey = primaryKey;
    result.source = ctx.source(entity);
    return result as Entity;
}

/** The `id serial primary key` an entity gets when it declares no key. */
function implicitId(ctx: BuildContext, entity: ast.Entity): Field {
    return {
        name: 'id', column: 'id', type: { name: 'serial' }, primaryKey: true, required: true, unique: false,
        indexed: false, generated: true, source: ctx.source(entity)
    };
}

/** One pass over the modifiers, keeping the first of each (as `find` would). */
export function buildField(ctx: BuildContext, index: EntityIndex, field: ast.Field, database: string): Field {
    const type = buildType(field.type);
    let required = false;
    let optional = false;
    let unique = false;
    let indexedFlag = false;
    let primaryKey = false;
    let defaultModifier: ast.DefaultModifier | undefined;
    let min: ast.BoundModifier | undefined;
    let max: ast.BoundModifier | undefined;
    let referenceModifier: ast.ReferenceModifier | undefined;
    let sumModifier: ast.SumModifier | undefined;
    for (const m of field.modifiers) {
        if (ast.isFlagModifier(m)) {
            switch (m.flag) {
                case 'required': required = true; break;
                case 'optional': optional = true; break;
                case 'unique': unique = true; break;
                case 'indexed': indexedFlag = true; break;
            }
        } else if (ast.isPrimaryKeyModifier(m)) {
            primaryKey = true;
        } else if (ast.isDefaultModifier(m)) {
            defaultModifier ??= m;
        } else if (ast.isBoundModifier(m)) {
            if (m.bound === 'min') min ??= m;
            else if (m.bound === 'max') max ??= m;
        } else if (ast.isReferenceModifier(m)) {
            referenceModifier ??= m;
        } else if (ast.isSumModifier(m)) {
            sumModifier ??= m;
        }
    }
    let def = defaultModifier ? buildDefault(defaultModifier.value, type) : undefined;
    if (!def && primaryKey && type.name === 'uuid') def = { kind: 'random_uuid' };
    const references = referenceModifier ? buildReference(index, referenceModifier, database) : undefined;
    const generated = type.name === 'serial' || def?.kind === 'now' || def?.kind === 'random_uuid' || sumModifier !== undefined;
    const doc = ctx.docOf(field);
    const name = field.name;
    const column = snakeCase(name);
    const isRequired = primaryKey || (required && !optional);
    const indexed = indexedFlag || references !== undefined;
    // Every key up to `indexed` in one literal (the object is laid out once), the optional ones after it in order.
    const result: Draft<Field> = doc === undefined
        ? { name, column, type, primaryKey, required: isRequired, unique, indexed }
        : { name, column, doc, type, primaryKey, required: isRequired, unique, indexed };
    if (def) result.default = def;
    if (min) result.min = min.value;
    if (max) result.max = max.value;
    if (references) result.references = references;
    result.generated = generated;
    if (sumModifier?.entity.ref) result.sum = { entity: sumModifier.entity.ref.name, field: sumModifier.field };
    result.source = ctx.source(field);
    return result as Field;
}

export function buildType(ref: ast.TypeRef): FieldType {
    const args = ref.args;
    const arg = (i: number): string | undefined => (i < args.length ? String(args[i]) : undefined);
    switch (ref.name) {
        case 'string': {
            const length = arg(0);
            return { name: 'string', length: length ? Number(length) : 255 };
        }
        case 'decimal': { // decimal(p) is decimal(p,0), as in SQL; bare decimal is decimal(12,2)
            const precision = arg(0);
            const scale = arg(1);
            return { name: 'decimal', precision: precision ? Number(precision) : 12, scale: scale ? Number(scale) : precision ? 0 : 2 };
        }
        case 'enum': return { name: 'enum', values: args.map(a => unquote(String(a))) };
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
