/**
 * The view of `services/<name>/src/model.ts`: everything the shared runtime
 * needs to know about one service, taken from the IR.
 */
import {
    type ArchitectureModel,
    type DatabaseComponent,
    type Entity,
    type Field,
    type ServiceComponent,
    findComponent,
    isDatabase
} from '@archgen/model';
import { gatewayOfIssuer } from '../../model-index.js';
import {
    JWT_SECRET_VAR,
    JWT_TTL_VAR,
    type DatabaseVars,
    checkName,
    databaseVars,
    foreignKeyName,
    primaryKeyName,
    uniqueName
} from '../../naming.js';
import { sourceRef } from '../source.js';
import { type AccountsView, accountsOf } from './accounts.js';
import { type CallView, type EntityFlowView, type InternalView, accountsEntity, callsOf, entityFlowView, internalOf } from './flows.js';
import { type LiteralValue, tsLiteral } from './literal.js';
import { type MessagingView, messagingView } from './messaging.js';
import { infoPath, runtimePackageName, serviceFolder } from './names.js';

/** The token lifetime when no gateway names this service its issuer. */
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

export interface ServiceDatabaseView {
    readonly component: string;
    readonly engine: DatabaseComponent['engine'];
    readonly env: Omit<DatabaseVars, 'rootPassword'>;
}

export interface ConstraintView {
    readonly name: string;
    readonly field: string;
}

export interface FieldView {
    /** The runtime's FieldModel as a one-line literal. */
    readonly literal: string;
}

export interface EntityView {
    readonly name: string;
    readonly source: string;
    readonly table: string;
    readonly resource: string;
    /** A literal: the key field's name, or `null` for a composite key. */
    readonly key: string;
    readonly fields: readonly FieldView[];
    readonly constraints: readonly ConstraintView[];
    /** Children, sums and the user field, as literals. */
    readonly flow: EntityFlowView;
}

export interface AuthView {
    readonly secretEnv: string;
    readonly ttlEnv: string;
    readonly defaultTtlSeconds: number;
    readonly accounts: AccountsView | null;
    readonly accountsNote: string | null;
}

export interface ServiceModelView {
    readonly source: string;
    /** `services/<name>`. */
    readonly folder: string;
    readonly runtimePackage: string;
    readonly component: string;
    readonly serviceName: string;
    readonly kind: ServiceComponent['kind'];
    /** Comment lines: what the generated service leaves out, and why. */
    readonly notes: readonly string[];
    /** Literals (a string or `null`). */
    readonly description: string;
    readonly infoPath: string;
    readonly database: ServiceDatabaseView | null;
    readonly entities: readonly EntityView[];
    readonly auth: AuthView | null;
    readonly calls: readonly CallView[];
    readonly internal: InternalView;
    readonly messaging: MessagingView;
}

/** The database a service uses (its first), and the entities of it the service owns, in the service's order. */
export function servedData(model: ArchitectureModel, service: ServiceComponent): { database: DatabaseComponent | null; entities: Entity[] } {
    const first = service.databases.map(name => findComponent(model, name)).find(c => c !== undefined);
    const database = first && isDatabase(first) ? first : null;
    if (!database) return { database: null, entities: [] };
    const entities = service.entities
        .map(name => database.entities.find(e => e.name === name))
        .filter((e): e is Entity => e !== undefined);
    return { database, entities };
}

export function serviceModelView(model: ArchitectureModel, service: ServiceComponent): ServiceModelView {
    const { database, entities } = servedData(model, service);
    const notes: string[] = [];
    if (service.databases.length > 1) {
        notes.push(`One database per service: it uses '${service.databases[0]}' and leaves out ${service.databases.slice(1).map(d => `'${d}'`).join(', ')}.`);
    }
    if (database?.engine === 'mysql') notes.push(`'${database.name}' runs MySQL: the runtime speaks PostgreSQL only and refuses to start.`);
    const auth = service.issuesTokens ? authView(model, service, entities) : null;
    const hidden = auth?.accounts ? { entity: auth.accounts.entity, field: auth.accounts.passwordHash } : null;
    const info = infoPath(service, entities);
    const users = accountsEntity(model);
    return {
        source: sourceRef(service.source),
        folder: serviceFolder(service),
        runtimePackage: runtimePackageName(model),
        component: service.name,
        serviceName: service.serviceName,
        kind: service.kind,
        notes,
        description: tsLiteral(service.doc ?? null),
        infoPath: tsLiteral(info),
        database: database ? databaseView(database) : null,
        entities: entities.map(e => entityView(e, hidden?.entity === e.name ? hidden.field : null, entityFlowView(e, entities, users))),
        auth,
        calls: callsOf(model, service),
        internal: internalOf(model, service),
        messaging: messagingView(model, service)
    };
}

function databaseView(db: DatabaseComponent): ServiceDatabaseView {
    const { rootPassword: _root, ...env } = databaseVars(db.serviceName);
    return { component: db.name, engine: db.engine, env };
}

function authView(model: ArchitectureModel, service: ServiceComponent, entities: readonly Entity[]): AuthView {
    const gateway = gatewayOfIssuer(model, service.name);
    const { accounts, note } = accountsOf(entities);
    return {
        secretEnv: JWT_SECRET_VAR,
        ttlEnv: JWT_TTL_VAR,
        defaultTtlSeconds: gateway?.auth?.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
        accounts,
        accountsNote: note
    };
}

const NO_FLOW: EntityFlowView = { children: '[]', sums: '[]', userField: 'null' };

export function entityView(entity: Entity, secretField: string | null, flow: EntityFlowView = NO_FLOW): EntityView {
    const key = entity.primaryKey.length === 1 ? entity.primaryKey[0]! : null;
    return {
        name: entity.name,
        source: sourceRef(entity.source),
        table: entity.table,
        resource: entity.resource,
        key: tsLiteral(key),
        fields: entity.fields.map(f => ({ literal: tsLiteral(fieldModel(f, f.name === secretField)) })),
        constraints: constraintsOf(entity),
        flow
    };
}

/** The runtime's FieldModel of a field, properties in a fixed order. */
export function fieldModel(field: Field, secret: boolean): LiteralValue {
    const type = field.type;
    return {
        name: field.name,
        column: field.column,
        type: type.name,
        length: type.name === 'string' ? type.length : undefined,
        precision: type.name === 'decimal' ? type.precision : undefined,
        scale: type.name === 'decimal' ? type.scale : undefined,
        values: type.name === 'enum' ? [...type.values] : undefined,
        min: finite(field.min),
        max: finite(field.max),
        primaryKey: field.primaryKey,
        required: field.required || field.primaryKey,
        defaulted: field.generated || field.default !== undefined,
        generated: field.generated,
        unique: field.unique,
        secret
    };
}

function finite(value: number | undefined): number | undefined {
    return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/** The schema's constraint names (as the SQL views name them) -> the field each guards. */
export function constraintsOf(entity: Entity): ConstraintView[] {
    const table = entity.table;
    const out: ConstraintView[] = [];
    const keys = entity.fields.filter(f => entity.primaryKey.includes(f.name));
    if (keys.length === 1) out.push({ name: primaryKeyName(table), field: keys[0]!.name });
    for (const f of entity.fields) {
        if (f.unique && !(keys.length === 1 && keys[0] === f)) out.push({ name: uniqueName(table, f.column), field: f.name });
        if (f.references?.foreignKey) out.push({ name: foreignKeyName(table, f.column), field: f.name });
        if (f.type.name === 'enum') out.push({ name: checkName(table, f.column, 'enum'), field: f.name });
        if (finite(f.min) !== undefined) out.push({ name: checkName(table, f.column, 'min'), field: f.name });
        if (finite(f.max) !== undefined) out.push({ name: checkName(table, f.column, 'max'), field: f.name });
    }
    return out;
}
