import {
    type ArchitectureModel,
    type DatabaseComponent,
    type Entity,
    type Field,
    findComponent,
    isDatabase,
    isService
} from '@archgen/model';
import { findEntity } from '../../model-index.js';
import { PROCESSED_MESSAGES_TABLE, indexName } from '../../naming.js';
import { type HeaderView, headerView, sourceRef } from '../source.js';
import type { SqlDialect } from './dialect.js';
import { orderTables } from './order.js';
import { type ForeignKeyView, type TableView, foreignKeyView, tableView } from './table.js';

export interface IndexView {
    readonly name: string;
    readonly table: string;
    readonly expression: string;
}

/** The view of `databases/<serviceName>/schema.sql`, for any dialect. */
export interface SchemaView {
    readonly header: HeaderView;
    readonly database: string;
    readonly databaseName: string;
    /** `'users' (backend)`, or `none`. */
    readonly owners: string;
    /** No table at all: the file still loads. */
    readonly empty: boolean;
    readonly tables: readonly TableView[];
    readonly deferredForeignKeys: readonly ForeignKeyView[];
    readonly indexes: readonly IndexView[];
    /** Some table or column carries a comment (PostgreSQL prints them as COMMENT ON statements). */
    readonly hasComments: boolean;
}

export function schemaView(model: ArchitectureModel, db: DatabaseComponent, dialect: SqlDialect): SchemaView {
    const order = orderTables(db.entities);
    const tables = order.entities.map(entity => tableView(dialect, {
        entity,
        origin: `entity ${entity.name} (${sourceRef(entity.source)})`,
        inlineKeys: entity.fields.filter(f => f.references?.foreignKey && !order.deferred.has(f) && isLocal(db, f)),
        columnComments: columnComments(model, entity)
    }));
    if (consumesMessages(model, db)) tables.push(tableView(dialect, processedMessagesTable(db)));
    const deferred = order.entities.flatMap(e => e.fields.filter(f => order.deferred.has(f)).map(f => foreignKeyView(e.table, f)));
    return {
        header: headerView(model, db.source),
        database: db.serviceName,
        databaseName: db.databaseName,
        owners: db.owners.length > 0 ? db.owners.map(o => `'${o}'`).join(', ') : 'none',
        empty: tables.length === 0,
        tables,
        deferredForeignKeys: deferred,
        indexes: order.entities.flatMap(e => indexesOf(dialect, e)),
        hasComments: tables.some(t => t.comment !== null || t.columns.some(c => c.comment !== null))
    };
}

/** A foreign key whose target lives in this database (the IR says so; a stray one stays a plain column). */
function isLocal(db: DatabaseComponent, field: Field): boolean {
    return db.entities.some(e => e.name === field.references?.entity);
}

/**
 * Indexes for searched fields and every reference column, except where a key
 * already indexes the column (a unique field, a one-column primary key).
 */
function indexesOf(dialect: SqlDialect, entity: Entity): IndexView[] {
    const soleKey = entity.primaryKey.length === 1 ? entity.primaryKey[0] : undefined;
    return entity.fields
        .filter(f => (f.indexed || f.references !== undefined) && !f.unique && f.name !== soleKey)
        .flatMap(f => {
            const expression = dialect.indexExpression(f);
            return expression === null ? [] : [{ name: indexName(entity.table, f.column), table: entity.table, expression }];
        });
}

function columnComments(model: ArchitectureModel, entity: Entity): Map<string, string> {
    const comments = new Map<string, string>();
    for (const field of entity.fields) {
        const parts = [field.doc, field.references && !field.references.foreignKey ? crossDatabaseNote(model, field) : undefined];
        const text = parts.filter((p): p is string => p !== undefined && p.length > 0).join(' ');
        if (text) comments.set(field.column, text);
    }
    return comments;
}

function crossDatabaseNote(model: ArchitectureModel, field: Field): string {
    const ref = field.references!;
    const target = findComponent(model, ref.database);
    const database = target && isDatabase(target) ? target.serviceName : ref.database;
    const owner = findEntity(model, ref.entity)?.owner;
    const ownedBy = owner ? `, owned by service '${owner}'` : '';
    return `References ${ref.table}.${ref.column} in database '${database}'${ownedBy}. ` +
        'No foreign key: each service owns its data, so the value is checked through that service, not by this database.';
}

function consumesMessages(model: ArchitectureModel, db: DatabaseComponent): boolean {
    return db.owners.some(name => {
        const owner = findComponent(model, name);
        return owner !== undefined && isService(owner) && owner.consumes.length > 0;
    });
}

/** Idempotent consumers record each handled message id here, in the same transaction as its effects. */
function processedMessagesTable(db: DatabaseComponent) {
    const field = (name: string, type: Field['type'], extra: Partial<Field> = {}): Field => ({
        name, column: name, type, primaryKey: false, required: true, unique: false, indexed: false,
        generated: false, source: db.source, ...extra
    });
    const entity: Entity = {
        name: PROCESSED_MESSAGES_TABLE,
        doc: 'Messages already handled by an idempotent consumer: a redelivered message changes nothing twice.',
        database: db.name,
        table: PROCESSED_MESSAGES_TABLE,
        resource: 'archgen-processed-messages',
        primaryKey: ['message_id'],
        source: db.source,
        fields: [
            field('message_id', { name: 'string', length: 64 }, { primaryKey: true }),
            field('channel', { name: 'string', length: 255 }),
            field('processed_at', { name: 'timestamp' }, { default: { kind: 'now' }, generated: true })
        ]
    };
    return { entity, origin: 'archgen: idempotent message consumers', inlineKeys: [], columnComments: new Map<string, string>() };
}
