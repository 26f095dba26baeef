/**
 * The component schemas of a service's OpenAPI document: per entity what the
 * API returns, what a create and an update take (crud.ts, flows/writes.ts),
 * the rows a create carries for a child entity; and the shapes every service
 * shares (the error body, health, readiness, info).
 */
import { type EntityWrites, type InputField, MAX_CHILDREN } from './inputs.js';
import { type Json, type JsonObject, defaultOf, described, nullable, valueSchema } from './schemas.js';

/** Component names, each given once: a name an entity already took gets a number. */
export class ComponentNames {
    private readonly taken = new Set<string>();

    claim(wanted: string): string {
        let name = wanted;
        for (let i = 2; this.taken.has(name.toLowerCase()); i++) name = `${wanted}${i}`;
        this.taken.add(name.toLowerCase());
        return name;
    }
}

export const schemaRef = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

/** An answer's field: its type, nullable when the column is. */
function outputSchema(input: InputField, writes: EntityWrites): JsonObject {
    const { field } = input;
    const base = valueSchema(field, 'read');
    const notes = [
        input.doc,
        field.generated ? 'Set by the database.' : undefined,
        writes.computed.get(field.name),
        field.unique && !field.primaryKey ? 'Unique.' : undefined
    ];
    const readOnly = field.generated || writes.computed.has(field.name);
    return described({ ...(field.required ? base : nullable(base)), ...(readOnly ? { readOnly: true } : {}) }, ...notes);
}

/** A request's field: what checkValue takes (null only where the column allows it). */
export function inputSchema(input: InputField, note?: string): JsonObject {
    const { field } = input;
    const base = valueSchema(field, 'write');
    const { default: value, note: defaultNote } = defaultOf(input.default);
    return described({
        ...(field.required ? base : nullable(base)),
        ...(value !== undefined ? { default: value } : {}),
        ...(input.writeOnly ? { writeOnly: true } : {})
    }, input.doc, note, defaultNote);
}

/** What the API returns for a row: every field but a secret, always present (null when empty). */
export function entitySchema(writes: EntityWrites): JsonObject {
    const properties: Record<string, Json> = {};
    for (const output of writes.outputs) properties[output.field.name] = outputSchema(output, writes);
    return described({
        type: 'object',
        required: writes.outputs.map(o => o.field.name),
        properties
    }, writes.entity.doc, `A row of ${writes.entity.name} (table ${writes.entity.table}).`);
}

interface BodyOptions {
    readonly mode: 'create' | 'update';
    /** Fields that may not be sent here (a child's reference to its new parent). */
    readonly reserved?: ReadonlySet<string>;
    /** Payload fields of a triggered message, taken from the request. */
    readonly extras?: readonly InputField[];
    /** The field the caller fills when it is left out (not required). */
    readonly userField?: string | null;
    /** More properties (child rows), after the fields. */
    readonly more?: Readonly<Record<string, Json>>;
}

/**
 * A request body for one entity: the fields a client may send, those the
 * runtime refuses left out (so `additionalProperties: false` refuses them too),
 * required as checkBody requires them.
 */
export function bodySchema(writes: EntityWrites, options: BodyOptions): JsonObject {
    const properties: Record<string, Json> = {};
    const required: string[] = [];
    for (const input of writes.inputs) {
        const { field } = input;
        if (field.generated || writes.computed.has(field.name) || options.reserved?.has(field.name)) continue;
        if (options.mode === 'update' && (field.primaryKey || writes.fixed.has(field.name))) continue;
        const isUser = options.userField === field.name;
        properties[field.name] = inputSchema(input, isUser ? 'Left out, it is the caller (the gateway\'s user header).' : undefined);
        if (options.mode === 'create' && field.required && !field.defaulted && !isUser) required.push(field.name);
    }
    for (const extra of options.extras ?? []) {
        properties[extra.field.name] = inputSchema(extra, 'Sent with the message the request triggers; never stored.');
        if (extra.field.required) required.push(extra.field.name);
    }
    Object.assign(properties, options.more ?? {});
    return {
        type: 'object',
        ...(required.length > 0 ? { required } : {}),
        ...(options.mode === 'update' ? { minProperties: 1 } : {}),
        properties,
        additionalProperties: false
    };
}

export interface EntityComponents {
    readonly entity: string;
    readonly create: string;
    readonly update: string;
    readonly page: string;
    /** The answer of a create with child rows; null without children. */
    readonly created: string | null;
    /** Per child (in `children` order): the rows a create carries. */
    readonly childRows: readonly string[];
}

/** Every entity's component names, claimed first so entities keep their own names. */
export function claimEntityComponents(all: readonly EntityWrites[], names: ComponentNames): Map<string, EntityComponents> {
    const out = new Map<string, EntityComponents>();
    for (const writes of all) out.set(writes.entity.name, { entity: names.claim(writes.entity.name), create: '', update: '', page: '', created: null, childRows: [] });
    for (const writes of all) {
        const name = writes.entity.name;
        out.set(name, {
            entity: out.get(name)!.entity,
            create: names.claim(`${name}Create`),
            update: names.claim(`${name}Update`),
            page: names.claim(`${name}Page`),
            created: writes.children.length > 0 ? names.claim(`${name}Created`) : null,
            childRows: writes.children.map(c => names.claim(`${c.entity.name}In${name}`))
        });
    }
    return out;
}

/** The schemas of one entity: its row, create and update bodies, a page of rows, the rows a create carries. */
export function addEntitySchemas(
    writes: EntityWrites,
    all: ReadonlyMap<string, EntityWrites>,
    components: ReadonlyMap<string, EntityComponents>,
    schemas: Record<string, Json>
): void {
    const name = writes.entity.name;
    const own = components.get(name)!;
    schemas[own.entity] = entitySchema(writes);

    const more: Record<string, Json> = {};
    const createdRows: Record<string, Json> = {};
    writes.children.forEach(({ child, entity }, i) => {
        const rowName = own.childRows[i]!;
        schemas[rowName] = described(
            bodySchema(all.get(entity.name)!, { mode: 'create', reserved: new Set([child.field]) }),
            `A ${entity.name} created with its ${name} ('${child.field}' is the new ${name}).`
        );
        more[child.key] = { type: 'array', maxItems: MAX_CHILDREN, items: schemaRef(rowName), description: `${entity.name} rows created with the ${name}, in one transaction.` };
        createdRows[child.key] = { type: 'array', items: schemaRef(components.get(entity.name)!.entity) };
    });
    schemas[own.create] = bodySchema(writes, { mode: 'create', extras: writes.triggers.create.extras, userField: writes.userField, more });
    schemas[own.update] = described(
        bodySchema(writes, { mode: 'update', extras: writes.triggers.update.extras }),
        `The fields to change, at least one${writes.fixed.size > 0 ? `; ${[...writes.fixed.keys()].join(', ')} stay as created` : ''}.`
    );
    schemas[own.page] = {
        type: 'object',
        required: ['items', 'total', 'limit', 'offset'],
        properties: {
            items: { type: 'array', items: schemaRef(own.entity) },
            total: { type: 'integer', minimum: 0, description: 'Rows that match the filters, on every page.' },
            limit: { type: 'integer', minimum: 1 },
            offset: { type: 'integer', minimum: 0 }
        }
    };
    if (own.created !== null) {
        schemas[own.created] = {
            allOf: [schemaRef(own.entity), { type: 'object', required: Object.keys(createdRows), properties: createdRows }]
        };
    }
}

/** `{ error, message, details? }`: every error answer (errors.ts). */
export function errorSchemas(names: ComponentNames, schemas: Record<string, Json>): { error: string } {
    const problem = names.claim('Problem');
    const error = names.claim('Error');
    schemas[problem] = {
        type: 'object',
        required: ['field', 'problem'],
        properties: {
            field: { type: 'string', description: "The field at fault: 'price', 'order_details[1].quantity', '(body)'." },
            problem: { type: 'string', description: "What is wrong, as the end of a sentence: 'must be at least 0'." }
        }
    };
    schemas[error] = {
        type: 'object',
        required: ['error', 'message'],
        properties: {
            error: { type: 'string', description: 'A code: bad_request, unauthorized, forbidden, not_found, conflict, payload_too_large, not_implemented, service_unavailable, internal_error.' },
            message: { type: 'string', description: 'One sentence for people.' },
            details: { type: 'array', items: schemaRef(problem), description: 'Present when there are fields to point at.' }
        }
    };
    return { error };
}

/** Health, readiness and info: what every service answers (health.ts). */
export function serviceSchemas(names: ComponentNames, schemas: Record<string, Json>): { health: string; ready: string; info: string } {
    const health = names.claim('Health');
    const ready = names.claim('Ready');
    const info = names.claim('Info');
    const identity = {
        service: { type: 'string', description: 'SERVICE_NAME.' },
        instance: { type: 'string', description: 'INSTANCE_ID, or <hostname>:<PORT>.' }
    };
    schemas[health] = { type: 'object', required: ['status', 'service', 'instance'], properties: { status: { const: 'ok' }, ...identity } };
    schemas[ready] = {
        type: 'object',
        required: ['status', 'service', 'instance', 'database', 'broker'],
        properties: {
            status: { const: 'ready' },
            ...identity,
            database: { type: 'string', enum: ['ok', 'none'] },
            broker: { type: 'string', enum: ['ok', 'none'] }
        }
    };
    schemas[info] = {
        type: 'object',
        required: ['component', 'kind', 'instance', 'description', 'entities'],
        properties: {
            component: { type: 'string' },
            kind: { type: 'string', enum: ['backend', 'mqtp'] },
            instance: { type: 'string' },
            description: { type: ['string', 'null'] },
            entities: { type: 'array', items: { type: 'string' } }
        }
    };
    return { health, ready, info };
}
