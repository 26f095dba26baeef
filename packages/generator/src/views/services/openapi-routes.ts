/**
 * The operations of a service's OpenAPI document, route by route as the
 * runtime registers them: health.ts (health, readiness, info, the document),
 * auth/routes.ts (register, login, verify), crud.ts (per entity) and
 * flows/internal.ts (lookups and takes for the services that call this one).
 */
import type { ArchitectureModel, ServiceComponent } from '@archgen/model';
import type { AccountsView } from './accounts.js';
import { INTERNAL_PREFIX, internalOf } from './flows.js';
import { type EntityWrites, MAX_CHILDREN } from './inputs.js';
import { AUTH_PREFIX, OPENAPI_FILE } from './names.js';
import { groupBy } from '../../model-index.js';
import { type DocumentBuilder, json } from './openapi-builder.js';
import { type ComponentNames, type EntityComponents, bodySchema, schemaRef } from './openapi-schemas.js';
import { type Json, type JsonObject, described, unbounded, valueSchema } from './schemas.js';

/** Where a service serves its document (written to `services/<name>/openapi.json`). */
export const OPENAPI_PATH = `/${OPENAPI_FILE}`;
/** crud.ts PAGE, validation.ts: the page size when none is asked, the largest served, the longest number read. */
export const PAGE = { defaultLimit: 20, maxLimit: 100, maxNumber: 999_999_999 } as const;
/** flows/internal.ts MAX_ITEMS. */
const MAX_TAKE_ITEMS = 1_000;

export function addServiceRoutes(doc: DocumentBuilder, service: ServiceComponent, shared: { health: string; ready: string; info: string }, info: string | null): void {
    const tag = doc.tag('service', 'Health, readiness, what the service is, and this document.');
    doc.add('get', '/health', { id: 'health', tag, summary: 'Liveness: the process answers.', answers: { 200: json(schemaRef(shared.health), 'Alive.') }, errors: [] });
    doc.add('get', '/ready', {
        id: 'ready', tag, summary: 'Readiness: the database answers and every broker is connected.',
        answers: { 200: json(schemaRef(shared.ready), 'Ready.') }, errors: ['ServiceUnavailable']
    });
    doc.add('get', '/', { id: 'info', tag, summary: 'What this service is.', answers: { 200: json(schemaRef(shared.info), 'The service.') }, errors: [] });
    if (info !== null) {
        doc.add('get', info, { id: 'serviceInfo', tag, summary: `What this service is, on the gateway's route to ${service.name}.`, answers: { 200: json(schemaRef(shared.info), 'The service.') }, errors: [] });
    }
    doc.add('get', OPENAPI_PATH, {
        id: 'openapi', tag, summary: 'This document, as the service was generated with it.',
        answers: { 200: json({ type: 'object' }, 'The OpenAPI document.') }, errors: []
    });
}

export interface Issuer {
    readonly accounts: AccountsView;
    readonly writes: EntityWrites;
    readonly row: string;
}

export function addAuthRoutes(doc: DocumentBuilder, names: ComponentNames, schemas: Record<string, Json>, issuer: Issuer | null, note: string | null): void {
    const tag = doc.tag('auth', 'Accounts and tokens: this service issues the gateway\'s tokens.');
    if (!issuer) {
        const why = note ?? 'This service keeps no accounts.';
        doc.add('post', `${AUTH_PREFIX}/register`, { id: 'register', tag, summary: 'Registers a user (not available).', description: why, answers: {}, errors: ['NotImplemented'] });
        doc.add('post', `${AUTH_PREFIX}/login`, { id: 'login', tag, summary: 'Logs a user in (not available).', description: why, answers: {}, errors: ['NotImplemented'] });
    } else {
        const { accounts, writes, row } = issuer;
        const registration = names.claim('Registration');
        const login = names.claim('Login');
        const token = names.claim('Token');
        schemas[registration] = described(bodySchema(writes, { mode: 'create' }), `A new ${accounts.entity}: its fields, '${accounts.password}' in place of '${accounts.passwordHash}'.`);
        schemas[login] = {
            type: 'object',
            required: [accounts.login, accounts.password],
            properties: { [accounts.login]: { type: 'string', minLength: 1 }, [accounts.password]: { type: 'string', minLength: 1 } }
        };
        schemas[token] = {
            type: 'object',
            required: ['token', 'tokenType', 'expiresIn', 'user'],
            properties: {
                token: { type: 'string', description: 'A JWT (HS256): sub is the user\'s key, roles their roles.' },
                tokenType: { const: 'Bearer' },
                expiresIn: { type: 'integer', minimum: 1, description: 'Seconds (JWT_TTL_SECONDS).' },
                user: { allOf: [schemaRef(row), { type: 'object', required: ['roles'], properties: { roles: { type: 'array', items: { type: 'string' } } } }] }
            }
        };
        doc.add('post', `${AUTH_PREFIX}/register`, {
            id: 'register', tag, summary: `Registers a ${accounts.entity}; the password is stored as a hash.`, body: schemaRef(registration),
            answers: { 201: json(schemaRef(row), `The new ${accounts.entity}, without the password.`) }, errors: ['BadRequest', 'Conflict']
        });
        doc.add('post', `${AUTH_PREFIX}/login`, {
            id: 'login', tag, summary: `Logs a ${accounts.entity} in with ${accounts.login} and password: a token.`, body: schemaRef(login),
            answers: { 200: json(schemaRef(token), 'The token.') }, errors: ['BadRequest', 'Unauthorized']
        });
    }
    const verified = names.claim('Verification');
    schemas[verified] = {
        type: 'object',
        required: ['status'],
        properties: { status: { type: 'string', enum: ['authenticated', 'anonymous'] }, user: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } } }
    };
    doc.add('get', `${AUTH_PREFIX}/verify`, {
        id: 'verifyToken', tag, internal: true,
        summary: 'For the gateway\'s auth_request: checks the bearer token against the roles the gateway asks for.',
        description: 'Answers any method (nginx keeps the method of the request it checks). Reads Authorization, X-Archgen-Public (1: the route is public) and X-Archgen-Roles (a,b: one of them is needed); answers X-User-Id and X-User-Roles.',
        answers: { 200: json(schemaRef(verified), 'The request may pass.') }, errors: ['Unauthorized', 'Forbidden']
    });
}

export function addEntityRoutes(doc: DocumentBuilder, writes: EntityWrites, names: EntityComponents): void {
    const { entity, key } = writes;
    const tag = doc.tag(entity.name, entity.doc?.replace(/\s+/g, ' ').trim() ?? `Rows of ${entity.name}.`);
    const base = `/api/${entity.resource}`;
    const filters = writes.outputs.map(o => o.field).filter(f => f.type !== 'json' && f.name !== 'limit' && f.name !== 'offset');
    doc.add('get', base, {
        id: `list${entity.name}`, tag, summary: `Lists ${entity.name} rows, a page at a time, in key order.`,
        description: 'Any other query parameter is refused.',
        parameters: [
            { name: 'limit', in: 'query', description: `Rows per page; more than ${PAGE.maxLimit} is served as ${PAGE.maxLimit}.`, schema: { type: 'integer', minimum: 1, maximum: PAGE.maxNumber, default: PAGE.defaultLimit } },
            { name: 'offset', in: 'query', description: 'Rows to skip.', schema: { type: 'integer', minimum: 0, maximum: PAGE.maxNumber, default: 0 } },
            ...filters.map(f => ({
                name: f.name,
                in: 'query',
                description: f.type === 'string' || f.type === 'text' ? `Rows whose ${f.name} contains this text, in any case.` : `Rows whose ${f.name} equals this value.`,
                schema: valueSchema(f, 'text')
            }))
        ],
        answers: { 200: json(schemaRef(names.page), 'A page of rows.') }, errors: ['BadRequest']
    });

    const create = writes.triggers.create.channels;
    const calls = writes.rules.length > 0;
    const children = writes.children.map(c => `${c.child.key} (${c.entity.name} rows, at most ${MAX_CHILDREN})`);
    doc.add('post', base, {
        id: `create${entity.name}`, tag, summary: `Creates a ${entity.name}${children.length > 0 ? ' with its child rows' : ''}.`,
        description: [
            children.length > 0 ? `The body may carry ${children.join(', ')}, created in the same transaction.` : undefined,
            calls ? `It first asks other services: ${writes.rules.map(r => `${r.kind} ${r.target.entity}.${r.target.field}`).join(', ')}; a row they do not have, or cannot give, is a 409.` : undefined,
            create.length > 0 ? `It sends ${create.map(c => `'${c}'`).join(', ')} before it commits, so it answers 202: what the message starts happens later.` : undefined
        ].filter(s => s !== undefined).join(' ') || undefined,
        body: schemaRef(names.create),
        answers: {
            [create.length > 0 ? 202 : 201]: {
                ...json(schemaRef(names.created ?? names.entity), create.length > 0 ? 'Stored, and the message sent.' : 'The stored row.'),
                ...(key ? { headers: { Location: { description: `/api/${entity.resource}/<${key.name}>`, schema: { type: 'string' } } } } : {})
            }
        },
        errors: ['BadRequest', 'Conflict', ...(calls || create.length > 0 ? ['ServiceUnavailable' as const] : [])]
    });
    if (!key) return;

    const id = { name: 'id', in: 'path', required: true, description: `The ${key.name} of the ${entity.name}.`, schema: valueSchema(key, 'text') };
    const item = `${base}/{id}`;
    doc.add('get', item, {
        id: `get${entity.name}`, tag, summary: `Reads one ${entity.name}.`, parameters: [id],
        answers: { 200: json(schemaRef(names.entity), 'The row.') }, errors: ['BadRequest', 'NotFound']
    });
    const update = writes.triggers.update.channels;
    doc.add('patch', item, {
        id: `update${entity.name}`, tag, summary: `Changes the fields given of one ${entity.name}.`, parameters: [id],
        ...(update.length > 0 ? { description: `It sends ${update.map(c => `'${c}'`).join(', ')} before it commits.` } : {}),
        body: schemaRef(names.update),
        answers: { 200: json(schemaRef(names.entity), 'The row as stored.') },
        errors: ['BadRequest', 'NotFound', 'Conflict', ...(update.length > 0 ? ['ServiceUnavailable' as const] : [])]
    });
    const remove = writes.triggers.delete.channels;
    doc.add('delete', item, {
        id: `delete${entity.name}`, tag, summary: `Deletes one ${entity.name}.`, parameters: [id],
        ...(remove.length > 0 ? { description: `It sends ${remove.map(c => `'${c}'`).join(', ')} before it commits.` } : {}),
        answers: { 204: { description: 'Deleted.' } },
        errors: ['BadRequest', 'NotFound', 'Conflict', ...(remove.length > 0 ? ['ServiceUnavailable' as const] : [])]
    });
}

export function addInternalRoutes(
    doc: DocumentBuilder,
    model: ArchitectureModel,
    service: ServiceComponent,
    writes: ReadonlyMap<string, EntityWrites>,
    components: ReadonlyMap<string, EntityComponents>,
    names: ComponentNames,
    schemas: Record<string, Json>
): void {
    const internal = internalOf(model, service);
    if (internal.lookups.length + internal.takes.length === 0) return;
    const tag = doc.tag('internal', 'For the services whose call rules name this one; no gateway routes /internal/.');
    const field = (entity: string, name: string) => writes.get(entity)!.outputs.find(o => o.field.name === name)!.field;

    const lookups = groupBy(internal.lookups, l => l.entity);
    for (const [entity, list] of lookups) {
        const w = writes.get(entity)!;
        doc.add('get', `${INTERNAL_PREFIX}/lookup/${w.entity.resource}`, {
            id: `lookup${entity}`, tag, internal: true,
            summary: `The ${entity} whose field equals the value: exactly one of ${list.map(l => l.by).join(', ')}.`,
            parameters: list.map(l => ({ name: l.by, in: 'query', description: `Exact match on ${l.by}.`, schema: valueSchema(field(entity, l.by), 'text') })),
            answers: { 200: json(schemaRef(components.get(entity)!.entity), 'The row.') }, errors: ['BadRequest', 'NotFound']
        });
    }

    const takes = groupBy(internal.takes, t => t.entity);
    for (const [entity, list] of takes) {
        const w = writes.get(entity)!;
        const body = names.claim(`${entity}Take`);
        const pairs: JsonObject[] = list.map(t => {
            const amount = valueSchema(unbounded(field(entity, t.field)), 'write');
            return {
                type: 'object',
                required: ['field', 'by', 'items'],
                properties: {
                    field: { const: t.field },
                    by: { const: t.by },
                    items: {
                        type: 'array', minItems: 1, maxItems: MAX_TAKE_ITEMS,
                        items: {
                            type: 'object',
                            required: ['value', 'amount'],
                            properties: { value: valueSchema(unbounded(field(entity, t.by)), 'write'), amount: { ...amount, exclusiveMinimum: 0 } }
                        }
                    }
                }
            };
        });
        schemas[body] = pairs.length === 1 ? pairs[0]! : { oneOf: pairs };
        const pairsText = list.map(t => `'${t.field}' by '${t.by}'`).join(', ');
        doc.add('post', `${INTERNAL_PREFIX}/take/${w.entity.resource}`, {
            id: `take${entity}`, tag, internal: true,
            summary: `Takes amounts of ${entity} (${pairsText}): all items in one transaction, never below the field's minimum, else none.`,
            body: schemaRef(body),
            answers: { 200: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'object', required: ['value'] } } } }, 'What is left, per item.') },
            errors: ['BadRequest', 'Conflict']
        });
        doc.add('post', `${INTERNAL_PREFIX}/give/${w.entity.resource}`, {
            id: `give${entity}`, tag, internal: true,
            summary: `Gives back what a take of ${entity} took (when the caller's own write failed).`,
            body: schemaRef(body),
            answers: { 200: json({ type: 'object', required: ['rows'], properties: { rows: { type: 'integer', minimum: 0 } } }, 'The rows changed.') },
            errors: ['BadRequest']
        });
    }
}
