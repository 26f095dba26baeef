/**
 * What a service does beyond plain CRUD when it creates rows, taken from the
 * model: child rows created with their parent (an order and its lines), sums
 * kept over the children, the user field filled from the gateway's header,
 * the call rules it applies (lookup, take) and the internal routes it serves
 * to the services that call it.
 */
import {
    type ArchitectureModel,
    type CallRule,
    type Entity,
    type ServiceComponent,
    connectorsFrom,
    connectorsTo,
    findComponent,
    isGateway,
    isService
} from '@archgen/model';
import { entitiesNamed, findEntity } from '../../model-index.js';
import { httpTargetVars } from '../../naming.js';
import { sourceRef } from '../source.js';
import { accountsOf } from './accounts.js';
import { type LiteralValue, tsLiteral } from './literal.js';

/** Where internal routes live: gateways route `/api/...` only, so these stay between services. */
export const INTERNAL_PREFIX = '/internal';

export type ChildView = {
    readonly entity: string;
    readonly key: string;
    readonly field: string;
};

/** Entities of the same database whose rows reference `parent` through a required foreign key. */
export function childrenOf(parent: Entity, entities: readonly Entity[]): ChildView[] {
    const out: ChildView[] = [];
    for (const child of entities) {
        if (child.name === parent.name || child.database !== parent.database) continue;
        const ref = child.fields.find(f => f.references?.entity === parent.name && f.references.foreignKey && f.required && !f.primaryKey);
        if (!ref) continue;
        if (parent.fields.some(f => f.name === child.table)) continue;
        out.push({ entity: child.name, key: child.table, field: ref.name });
    }
    return out;
}

export type SumView = {
    readonly field: string;
    readonly entity: string;
    readonly of: string;
    readonly via: string;
};

export function sumsOf(parent: Entity, entities: readonly Entity[]): SumView[] {
    const out: SumView[] = [];
    for (const field of parent.fields) {
        if (!field.sum) continue;
        const child = entities.find(e => e.name === field.sum!.entity && e.database === parent.database);
        const via = child?.fields.find(f => f.references?.entity === parent.name && f.references.foreignKey);
        if (!child || !via) continue;
        out.push({ field: field.name, entity: child.name, of: field.sum.field, via: via.name });
    }
    return out;
}

/** The entity the token issuer keeps its accounts in (`User`), if a gateway names an issuer that has one. */
export function accountsEntity(model: ArchitectureModel): string | null {
    // Asked for every service: the answer depends on the model only.
    const known = accounts.get(model);
    if (known !== undefined) return known;
    const found = findAccountsEntity(model);
    accounts.set(model, found);
    return found;
}

const accounts = new WeakMap<ArchitectureModel, string | null>();

function findAccountsEntity(model: ArchitectureModel): string | null {
    for (const gateway of model.components.filter(isGateway)) {
        const issuer = gateway.auth ? findComponent(model, gateway.auth.issuer) : undefined;
        if (!issuer || !isService(issuer)) continue;
        const { accounts } = accountsOf(entitiesNamed(model, issuer.entities));
        if (accounts) return accounts.entity;
    }
    return null;
}

const USER_FIELD_TYPES = new Set(['int', 'bigint', 'uuid', 'string', 'text']);

/** The field of `entity` that names a user (`customer_id references User`): the first one. */
export function userFieldOf(entity: Entity, users: string | null): string | null {
    if (users === null || entity.name === users) return null;
    const field = entity.fields.find(f => f.references?.entity === users && !f.primaryKey && !f.generated && USER_FIELD_TYPES.has(f.type.name));
    return field?.name ?? null;
}

/** The per-entity additions of model.ts, each a one-line literal. */
export interface EntityFlowView {
    readonly children: string;
    readonly sums: string;
    readonly userField: string;
}

export function entityFlowView(entity: Entity, entities: readonly Entity[], users: string | null): EntityFlowView {
    return {
        children: tsLiteral(childrenOf(entity, entities)),
        sums: tsLiteral(sumsOf(entity, entities)),
        userField: tsLiteral(userFieldOf(entity, users))
    };
}

// ---------------------------------------------------------------- call rules

export interface CallView {
    /** A comment: the rule as written, and where. */
    readonly comment: string;
    /** The runtime's CallModel. */
    readonly literal: string;
}

/** The call rules a service applies: those of the http connectors it starts, in model order. */
export function callsOf(model: ArchitectureModel, service: ServiceComponent): CallView[] {
    const out: CallView[] = [];
    for (const connector of connectorsFrom(model, service.name)) {
        if (connector.kind !== 'http') continue;
        const called = findComponent(model, connector.to);
        if (!called) continue;
        for (const rule of connector.calls) {
            const target = findEntity(model, rule.target.entity);
            if (!target) continue;
            const targetView = {
                component: called.name,
                urlEnv: httpTargetVars(called.serviceName).url,
                entity: target.name,
                resource: target.resource,
                field: rule.target.field,
                by: rule.where.field,
                byKey: isKey(target, rule.where.field)
            };
            const source = sourceRef(rule.source);
            const literal: LiteralValue = rule.kind === 'lookup'
                ? { kind: 'lookup', entity: rule.on.entity, field: rule.field, factor: rule.factor ?? null, value: rule.where.value, target: targetView, source }
                : { kind: 'take', entity: rule.on.entity, amount: rule.amount, value: rule.where.value, target: targetView, source };
            out.push({ comment: `${describeRule(rule)} (${source}), through ${called.name}`, literal: tsLiteral(literal) });
        }
    }
    return out;
}

function isKey(entity: Entity, field: string): boolean {
    return entity.primaryKey.length === 1 && entity.primaryKey[0] === field;
}

/** The rule as the model writes it. */
export function describeRule(rule: CallRule): string {
    const where = `where ${rule.where.field} = ${rule.where.value}`;
    return rule.kind === 'lookup'
        ? `on create ${rule.on.entity} set ${rule.field} = ${rule.target.entity}.${rule.target.field}${rule.factor ? ` * ${rule.factor}` : ''} ${where}`
        : `on create ${rule.on.entity} take ${rule.amount} from ${rule.target.entity}.${rule.target.field} ${where}`;
}

export interface InternalView {
    readonly lookups: readonly { readonly entity: string; readonly by: string }[];
    readonly takes: readonly { readonly entity: string; readonly field: string; readonly by: string }[];
    /** The runtime's InternalModel as a literal. */
    readonly literal: string;
}

/** What the services that call this one ask of it: exact-match lookups on other fields than the key, and takes. */
export function internalOf(model: ArchitectureModel, service: ServiceComponent): InternalView {
    const lookups: { entity: string; by: string }[] = [];
    const takes: { entity: string; field: string; by: string }[] = [];
    // The runtime serves one database, the first (servedData): the entities of the others have no routes.
    const served = service.databases.find(name => findComponent(model, name) !== undefined);
    for (const connector of connectorsTo(model, service.name)) {
        if (connector.kind !== 'http') continue;
        for (const rule of connector.calls) {
            const target = findEntity(model, rule.target.entity);
            if (!target || !service.entities.includes(target.name) || target.database !== served) continue;
            if (rule.kind === 'lookup') {
                if (isKey(target, rule.where.field)) continue;
                if (!lookups.some(l => l.entity === target.name && l.by === rule.where.field)) lookups.push({ entity: target.name, by: rule.where.field });
            } else if (!takes.some(t => t.entity === target.name && t.field === rule.target.field && t.by === rule.where.field)) {
                takes.push({ entity: target.name, field: rule.target.field, by: rule.where.field });
            }
        }
    }
    return { lookups, takes, literal: tsLiteral({ lookups, takes }) };
}
