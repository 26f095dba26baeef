/**
 * The runtime's side of the contract, as generated (contract.ts,
 * contract-problems.ts): route options from the document, parameters read as
 * the contract types them, and a refused request worded as the runtime words
 * its own 400s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generate.js';
import { serviceAjv } from '../../test-support/ajv.js';
import { ecommerceModel } from '../../test-support/fixtures.js';
import { flowModel } from '../../test-support/flows.js';
import { type RuntimeFolder, writeRuntime } from '../../test-support/runtime.js';

interface Problem { field: string; problem: string }
interface HttpErrorLike { status: number; message: string; details: Problem[]; body(): unknown }
interface SchemaError { instancePath: string; schemaPath?: string; keyword: string; params: Record<string, unknown> }
interface Problems {
    fieldOf(path: string): string;
    contractProblems(errors: readonly SchemaError[], part: string, schema?: unknown): Problem[];
    refusal(request: unknown, checks: { explain?: (request: unknown) => void; subject?: string }, schemas?: Record<string, unknown>): HttpErrorLike;
}
interface RouteOptions {
    schema?: { body?: Record<string, unknown>; querystring?: Record<string, unknown>; params?: Record<string, unknown> };
    attachValidation?: boolean;
    preValidation?: (request: Record<string, unknown>) => Promise<void>;
    preHandler?: (request: Record<string, unknown>) => Promise<void>;
}
interface ContractModule {
    Contract: new (text: string, document: unknown) => {
        route(method: string, path: string, checks?: unknown): RouteOptions;
        unrouted(): string[];
    };
    typedCopy(values: unknown, typed: ReadonlyMap<string, string>): unknown;
    toOpenApiPath(path: string): string;
}
interface Errors { badRequest(message: string, details?: Problem[]): HttpErrorLike }

let runtime: RuntimeFolder;
let problems: Problems;
let contract: ContractModule;
let errors: Errors;

beforeAll(async () => {
    runtime = writeRuntime(flowModel);
    problems = await runtime.load<Problems>('contract-problems');
    contract = await runtime.load<ContractModule>('contract');
    errors = await runtime.load<Errors>('errors');
});

afterAll(() => runtime.remove());

/** ajv's first error, as Fastify hands it over (allErrors is off). */
function firstError(schema: Record<string, unknown>, data: unknown): SchemaError[] {
    const validate = serviceAjv().compile(schema);
    expect(validate(data)).toBe(false);
    return validate.errors as SchemaError[];
}

describe('a request the contract refuses', () => {
    const body = {
        type: 'object',
        required: ['name', 'lines'],
        properties: {
            name: { type: 'string', maxLength: 3 },
            price: { type: ['number', 'string'], pattern: '^[0-9]+$', description: 'A decimal with at most 8 digits before the decimal point and 2 after it.' },
            status: { type: 'string', enum: ['pending', 'paid'] },
            ref: { type: 'string', format: 'uuid' },
            lines: { type: 'array', items: { type: 'object', required: ['quantity'], properties: { quantity: { type: 'integer', minimum: 1 } }, additionalProperties: false } }
        },
        additionalProperties: false
    };

    it('names the field as the runtime does, the rule in its words', () => {
        const at = (data: unknown) => problems.contractProblems(firstError(body, data), 'body', body);
        expect(at({ lines: [] })).toEqual([{ field: 'name', problem: 'is required' }]);
        expect(at({ name: 'abcd', lines: [] })).toEqual([{ field: 'name', problem: 'must be at most 3 characters long' }]);
        expect(at({ name: 7, lines: [] })).toEqual([{ field: 'name', problem: 'must be a string' }]);
        expect(at({ name: 'a', lines: [], status: 'lost' })).toEqual([{ field: 'status', problem: 'must be one of pending, paid' }]);
        expect(at({ name: 'a', lines: [], ref: 'nope' })).toEqual([{ field: 'ref', problem: 'must be a UUID' }]);
        expect(at({ name: 'a', lines: [], price: true })).toEqual([{ field: 'price', problem: 'must be a number or a string' }]);
        expect(at({ name: 'a', lines: [], price: ' 5' })).toEqual([{ field: 'price', problem: 'must be a decimal with at most 8 digits before the decimal point and 2 after it' }]);
        expect(at({ name: 'a', lines: [{ quantity: 0 }] })).toEqual([{ field: 'lines[0].quantity', problem: 'must be at least 1' }]);
        expect(at({ name: 'a', lines: [{ quantity: 1, price: 2 }] })).toEqual([{ field: 'lines[0].price', problem: 'is not a field this route takes' }]);
        expect(at(null)).toEqual([{ field: '(body)', problem: 'must be a JSON object' }]);
        expect(problems.fieldOf('/a~1b/0/c~0d')).toBe('a/b[0].c~d');
    });

    it('is explained by the route\'s own checks, with what only the contract saw added', () => {
        const validation = firstError(body, { name: 'abcd', lines: [] });
        const request = { validationError: { validation, validationContext: 'body' } };
        const explained = (details: Problem[]) => () => {
            throw errors.badRequest('The Thing is not valid: see details.', details);
        };
        // The runtime saw it too: its answer, as it is.
        const same = problems.refusal(request, { subject: 'The Thing is not valid', explain: explained([{ field: 'name', problem: 'must be at most 3 characters long' }]) });
        expect(same.body()).toEqual({ error: 'bad_request', message: 'The Thing is not valid: see details.', details: [{ field: 'name', problem: 'must be at most 3 characters long' }] });
        // The runtime saw something else: both.
        const more = problems.refusal(request, { subject: 'The Thing is not valid', explain: explained([{ field: 'price', problem: 'must be at least 0' }]) });
        expect(more.body()).toEqual({
            error: 'bad_request',
            message: "The Thing is not valid: 2 fields are wrong ('price', 'name'); see details.",
            details: [{ field: 'price', problem: 'must be at least 0' }, { field: 'name', problem: 'must be at most 3 characters long' }]
        });
        // Only the contract saw it.
        const only = problems.refusal(request, { subject: 'The Thing is not valid', explain: () => undefined });
        expect(only.body()).toEqual({ error: 'bad_request', message: "The Thing is not valid: 'name' must be at most 3 characters long.", details: [{ field: 'name', problem: 'must be at most 3 characters long' }] });
        // A problem with the whole request says it all.
        const whole = problems.refusal(request, { explain: () => { throw errors.badRequest('The request body must be a JSON object.'); } });
        expect(whole.body()).toEqual({ error: 'bad_request', message: 'The request body must be a JSON object.' });
        expect(whole.status).toBe(400);
    });
});

describe('the contract of a service', () => {
    const products = generate(ecommerceModel, { target: 'compose' }).files.find(f => f.path === 'services/products/openapi.json')!.content;

    it('gives each route its operation\'s schemas, references resolved', () => {
        const c = new contract.Contract(products, JSON.parse(products));
        const create = c.route('POST', '/api/products', {});
        expect(create.attachValidation).toBe(true);
        expect(JSON.stringify(create.schema)).not.toContain('$ref');
        expect(create.schema!.body).toMatchObject({ type: 'object', additionalProperties: false, required: expect.arrayContaining(['sku', 'name']) });
        const list = c.route('GET', '/api/products', {});
        expect(list.schema!.querystring).toMatchObject({ type: 'object', additionalProperties: false, properties: { limit: { type: 'integer' } } });
        const item = c.route('GET', '/api/products/:id', {});
        expect(item.schema!.params).toMatchObject({ type: 'object', required: ['id'], properties: { id: { type: 'integer' } } });
        expect(c.route('GET', '/health')).toEqual({});
        expect(() => c.route('PUT', '/api/products/:id')).toThrow(/has no operation PUT \/api\/products\/\{id\}/);
    });

    it('knows which operations no route serves', () => {
        const c = new contract.Contract(products, JSON.parse(products));
        c.route('GET', '/health');
        expect(c.unrouted()).toContain('GET /api/products/{id}');
        expect(c.unrouted()).not.toContain('GET /health');
    });

    it('reads query and path text as the contract types it, for the check only', async () => {
        expect(contract.typedCopy({ limit: '5', name: 'lamp', flag: 'true', twice: ['1', '2'], odd: '1.5' }, new Map([['limit', 'integer'], ['flag', 'boolean'], ['twice', 'integer'], ['odd', 'integer']])))
            .toEqual({ limit: 5, name: 'lamp', flag: true, twice: ['1', '2'], odd: '1.5' });
        const c = new contract.Contract(products, JSON.parse(products));
        const list = c.route('GET', '/api/products', {});
        const request: Record<string, unknown> = { query: { limit: '2', name: 'lamp' }, params: {} };
        await list.preValidation!(request);
        expect(request['query']).toEqual({ limit: 2, name: 'lamp' });
        await list.preHandler!(request);
        expect(request['query']).toEqual({ limit: '2', name: 'lamp' });
        expect(contract.toOpenApiPath('/api/a/:id')).toBe('/api/a/{id}');
    });
});
