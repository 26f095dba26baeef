/**
 * What a request may write to an entity, decided as the runtime decides it
 * (crud.ts `inputFields`, flows/writes.ts): the fields a client sends, those
 * the service computes or keeps as they were created, the child rows a create
 * carries, and the fields of a triggered message that travel in the request
 * without being stored. The OpenAPI document's request bodies are made of these.
 */
import {
    type ArchitectureModel,
    type CallRule,
    type DefaultValue,
    type Entity,
    type Field,
    type ServiceComponent,
    connectorsFrom,
    findComponent
} from '@archgen/model';
import { findEntity } from '../../model-index.js';
import type { AccountsView } from './accounts.js';
import { type ChildView, childrenOf, describeRule, sumsOf, userFieldOf } from './flows.js';
import { publishedBy } from './messaging.js';
import { type RuntimeField, runtimeField } from './schemas.js';
import { sourceRef } from '../source.js';

/** The most child rows one create may carry (flows/writes.ts MAX_CHILDREN). */
export const MAX_CHILDREN = 1_000;

/** A field as the runtime checks it, with what documents it. */
export interface InputField {
    readonly field: RuntimeField;
    readonly doc?: string;
    readonly default?: DefaultValue;
    /** Sent, never returned (the password). */
    readonly writeOnly?: boolean;
}

export type WriteOperation = 'create' | 'update' | 'delete';

export interface EntityWrites {
    readonly entity: Entity;
    /** Every field the API returns (secrets left out), in model order. */
    readonly outputs: readonly InputField[];
    /** What a client may send: every field but a secret, the password in place of the hash on the accounts entity. */
    readonly inputs: readonly InputField[];
    /** The single key, or null (no `/{id}` routes then). */
    readonly key: RuntimeField | null;
    /** Fields the service sets (sums, lookups) -> why: never sent. */
    readonly computed: ReadonlyMap<string, string>;
    /** Fields the call rules read -> why: sent on create, never changed. */
    readonly fixed: ReadonlyMap<string, string>;
    /** Rows of other entities a create carries, under the child's table name. */
    readonly children: readonly { readonly child: ChildView; readonly entity: Entity }[];
    /** The field filled with the caller (the gateway's user header) when a create leaves it out. */
    readonly userField: string | null;
    /** Per operation: the channels it publishes, and the payload fields that travel in the request. */
    readonly triggers: Readonly<Record<WriteOperation, { readonly channels: readonly string[]; readonly extras: readonly InputField[] }>>;
    /** The call rules a create applies (they ask other services). */
    readonly rules: readonly CallRule[];
}

const described = (field: Field, secret = false): InputField => ({
    field: runtimeField(field, secret),
    ...(field.doc !== undefined ? { doc: field.doc } : {}),
    ...(field.default !== undefined ? { default: field.default } : {})
});

/** The call rules a service applies (its http connectors'), as callsOf lists them. */
export function rulesOf(model: ArchitectureModel, service: ServiceComponent): CallRule[] {
    return connectorsFrom(model, service.name)
        .filter(c => c.kind === 'http' && findComponent(model, c.to) !== undefined)
        .flatMap(c => c.calls)
        .filter(rule => findEntity(model, rule.target.entity) !== undefined);
}

export function entityWrites(
    model: ArchitectureModel,
    service: ServiceComponent,
    entity: Entity,
    entities: readonly Entity[],
    accounts: AccountsView | null,
    users: string | null
): EntityWrites {
    const hash = accounts?.entity === entity.name ? accounts.passwordHash : null;
    const outputs = entity.fields.filter(f => f.name !== hash).map(f => described(f));
    const inputs = [...outputs];
    if (accounts && hash !== null) {
        const hashField = entity.fields.find(f => f.name === hash);
        inputs.push({
            field: {
                name: accounts.password,
                column: '',
                type: 'string',
                min: accounts.passwordMinLength,
                max: accounts.passwordMaxLength,
                primaryKey: false,
                required: hashField ? hashField.required || hashField.primaryKey : true,
                defaulted: false,
                generated: false,
                unique: false,
                secret: false
            },
            doc: `The password (${accounts.passwordMinLength} to ${accounts.passwordMaxLength} characters): stored as a hash, never returned.`,
            writeOnly: true
        });
    }
    const keyField = entity.primaryKey.length === 1 ? entity.fields.find(f => f.name === entity.primaryKey[0]) : undefined;
    const rules = rulesOf(model, service).filter(r => r.on.entity === entity.name);

    const computed = new Map<string, string>();
    for (const sum of sumsOf(entity, entities)) computed.set(sum.field, `Computed by the service: the sum of ${sum.entity}.${sum.of}.`);
    for (const rule of rules) {
        if (rule.kind === 'lookup') {
            computed.set(rule.field, `Set by the service from ${rule.target.entity}.${rule.target.field}${rule.factor ? ` * ${rule.factor}` : ''}.`);
        }
    }
    const fixed = new Map<string, string>();
    for (const rule of rules) {
        const read = rule.kind === 'lookup' ? [rule.where.value, ...(rule.factor ? [rule.factor] : [])] : [rule.where.value, rule.amount];
        for (const name of read) fixed.set(name, `Fixed once the ${entity.name} is created (${describeRule(rule)}, ${sourceRef(rule.source, model.source.uri)}).`);
    }

    const published = publishedBy(model, service);
    const trigger = (operation: WriteOperation) => {
        const channels = published.filter(p => p.trigger?.operation === operation && p.trigger.entity === entity.name);
        const extras: InputField[] = [];
        for (const { message } of channels) {
            for (const field of message.payload.fields) {
                if (entity.fields.some(f => f.name === field.name) || extras.some(e => e.field.name === field.name)) continue;
                extras.push(described(field));
            }
        }
        return { channels: channels.map(c => c.channel), extras };
    };

    return {
        entity,
        outputs,
        inputs,
        key: keyField ? runtimeField(keyField) : null,
        computed,
        fixed,
        children: childrenOf(entity, entities).map(child => ({ child, entity: entities.find(e => e.name === child.entity)! })),
        userField: userFieldOf(entity, users),
        triggers: { create: trigger('create'), update: trigger('update'), delete: trigger('delete') },
        rules
    };
}
