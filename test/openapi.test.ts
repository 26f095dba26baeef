/**
 * (Here, not beside the generator: it loads the repository's examples through
 * the language package, which the generator package never imports.)
 *
 * The services' OpenAPI documents: valid OpenAPI 3.1 for the repository's
 * examples, the routes the runtime serves and nothing else, request bodies
 * that take what the runtime's writes take, the gateway's security.
 */
import { compileErrors, dereference, validate } from '@readme/openapi-parser';
import { type ArchitectureModel, isService } from '@archgen/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../packages/generator/src/generate.js';
import { serviceAjv } from '../packages/generator/src/test-support/ajv.js';
import { file } from '../packages/generator/src/test-support/compose.js';
import { loadModel as exampleModel } from './support/models.js';

type Doc = {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema>; responses: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
};
type Operation = {
    operationId: string;
    parameters?: { name: string; in: string; schema: Schema }[];
    requestBody?: { content: { 'application/json': { schema: Schema } } };
    responses: Record<string, unknown>;
    security?: unknown[];
    description?: string;
    'x-internal'?: boolean;
};
type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; required?: string[] };

const EXAMPLES = ['examples/ecommerce.arch', 'examples/lab.arch', 'docs/examples/library.arch', 'docs/examples/sensors.arch'];

function documents(model: ArchitectureModel): Map<string, string> {
    const files = generate(model, { target: 'compose' }).files;
    return new Map(model.components.filter(isService).map(s => [s.name, file({ files, secrets: [] }, `services/${s.serviceName}/openapi.json`).content]));
}

const routes = (doc: Doc): string[] =>
    Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map(method => `${method.toUpperCase()} ${path}`));

describe.each(EXAMPLES)('the OpenAPI documents of %s', path => {
    let model: ArchitectureModel;
    let docs: Map<string, string>;
    beforeAll(async () => {
        model = await exampleModel(path);
        docs = documents(model);
    });

    it('are valid OpenAPI 3.1, one per service', async () => {
        expect([...docs.keys()]).toEqual(model.components.filter(isService).map(s => s.name));
        for (const [service, text] of docs) {
            const result = await validate(JSON.parse(text) as never);
            expect(result.valid, `${service}: ${result.valid ? '' : compileErrors(result)}`).toBe(true);
            expect(JSON.parse(text)).toMatchObject({ openapi: '3.1.0', info: { title: service } });
        }
    });

    it('are the same bytes each time', () => {
        expect(documents(model)).toEqual(docs);
    });

    it('give request schemas that ajv compiles as the services configure it, strictly', async () => {
        for (const text of docs.values()) {
            const doc = await dereference(JSON.parse(text) as never) as unknown as Doc;
            for (const item of Object.values(doc.paths)) {
                for (const operation of Object.values(item)) {
                    const body = operation.requestBody?.content['application/json'].schema;
                    if (body) expect(() => serviceAjv().compile(body)).not.toThrow();
                    for (const p of operation.parameters ?? []) expect(() => serviceAjv().compile(p.schema)).not.toThrow();
                }
            }
        }
    });
});

describe('the e-commerce services\' contracts', () => {
    let docs: Map<string, Doc>;
    let deref: Map<string, Doc>;
    beforeAll(async () => {
        const raw = documents(await exampleModel('examples/ecommerce.arch'));
        docs = new Map([...raw].map(([name, text]) => [name, JSON.parse(text) as Doc]));
        deref = new Map();
        for (const [name, text] of raw) deref.set(name, await dereference(JSON.parse(text) as never) as unknown as Doc);
    });
    const doc = (name: string) => docs.get(name)!;
    const body = (name: string, method: string, path: string) => deref.get(name)!.paths[path]![method]!.requestBody!.content['application/json'].schema;

    it('list exactly the routes the runtime serves: health, info, the document, CRUD', () => {
        expect(routes(doc('ecommerce_be_pd'))).toEqual([
            'GET /health', 'GET /ready', 'GET /', 'GET /api/ecommerce-be-pd', 'GET /openapi.json',
            'GET /api/products', 'POST /api/products', 'GET /api/products/{id}', 'PATCH /api/products/{id}', 'DELETE /api/products/{id}'
        ]);
        expect(routes(doc('ecommerce_be_usr'))).toEqual(expect.arrayContaining(['POST /api/auth/register', 'POST /api/auth/login', 'GET /api/auth/verify']));
        expect(routes(doc('ecommerce_be_inv'))).toEqual(expect.arrayContaining(['POST /internal/take/inventories', 'POST /internal/give/inventories']));
        expect(doc('ecommerce_be_inv').paths['/internal/take/inventories']!['post']!['x-internal']).toBe(true);
        expect(doc('ecommerce_be_usr').paths['/api/auth/verify']!['get']!['x-internal']).toBe(true);
    });

    it('lists pages with limit, offset and a filter per field', () => {
        const list = doc('ecommerce_be_pd').paths['/api/products']!['get']!;
        expect(list.parameters!.map(p => p.name)).toEqual(['limit', 'offset', 'id', 'name', 'price', 'category', 'sku', 'description', 'seller_id', 'created_at']);
        expect(list.parameters![0]!.schema).toMatchObject({ type: 'integer', minimum: 1, default: 20 });
        expect(list.parameters!.find(p => p.name === 'created_at')!.schema).toEqual({ type: 'string', format: 'date-time' });
        expect(list.responses['200']).toEqual({ description: 'A page of rows.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ProductPage' } } } });
    });

    it('takes on create what the runtime takes: required fields, lengths, bounds, no unknown field', () => {
        const create = body('ecommerce_be_pd', 'post', '/api/products');
        // seller_id names a user: left out, it is the caller the gateway names.
        expect(create['required']).toEqual(['name', 'price', 'category', 'sku']);
        expect(create.properties!['seller_id']!['description']).toContain('the caller');
        expect(create['additionalProperties']).toBe(false);
        expect(Object.keys(create.properties!)).toEqual(['name', 'price', 'category', 'sku', 'description', 'seller_id']);
        expect(create.properties!['name']).toMatchObject({ type: 'string', maxLength: 120 });
        expect(create.properties!['price']).toMatchObject({ type: ['number', 'string'], minimum: 0, exclusiveMaximum: 100_000_000 });
        expect(create.properties!['description']).toMatchObject({ type: ['string', 'null'] });
        const validate = serviceAjv().compile(create);
        expect(validate({ name: 'Desk Lamp', price: 19.99, category: 'Home', sku: 'SKU-001', seller_id: 1 })).toBe(true);
        expect(validate({ name: 'Desk Lamp', price: '49.50', category: 'Home', sku: 'SKU-001', seller_id: 1, description: null })).toBe(true);
        expect(validate({ name: 'x'.repeat(121), price: 1, category: 'Home', sku: 'S', seller_id: 1 })).toBe(false);
        expect(validate({ name: 'Lamp', price: -1, category: 'Home', sku: 'S', seller_id: 1 })).toBe(false);
        expect(validate({ name: 'Lamp', price: 1, category: 'Home', sku: 'S', seller_id: 'one' })).toBe(false);
        expect(validate({ name: 'Lamp', price: 1, category: 'Home', sku: 'S', seller_id: 1, id: 7 })).toBe(false);
        expect(validate({ name: 'Lamp', price: 1, category: 'Home', seller_id: 1 })).toBe(false);
    });

    it('answers rows as the service serializes them: decimals as numbers, generated fields read-only, no secret', () => {
        const product = doc('ecommerce_be_pd').components.schemas['Product']!;
        expect(product.properties!['price']).toMatchObject({ type: 'number' });
        expect(product.properties!['created_at']).toMatchObject({ type: 'string', format: 'date-time', readOnly: true });
        expect(product.required).toEqual(Object.keys(product.properties!));
        const user = doc('ecommerce_be_usr').components.schemas['User']!;
        expect(Object.keys(user.properties!)).not.toContain('password_hash');
        const registration = body('ecommerce_be_usr', 'post', '/api/auth/register');
        expect(registration.properties!['password']).toMatchObject({ type: 'string', minLength: 8, maxLength: 128, writeOnly: true });
        expect(Object.keys(registration.properties!)).not.toContain('password_hash');
        expect(registration['required']).toEqual(['name', 'email', 'password']);
    });

    it('carries an order\'s lines in its create, never the sums, prices and references the service sets', () => {
        const create = body('ecommerce_be_or', 'post', '/api/orders');
        expect(Object.keys(create.properties!)).toEqual(['customer_id', 'status', 'order_details']);
        expect(create['required']).toBeUndefined();
        const line = (create.properties!['order_details'] as Schema)['items'] as Schema;
        expect(Object.keys(line.properties!)).toEqual(['product_id', 'quantity']);
        expect(line['additionalProperties']).toBe(false);
        const update = body('ecommerce_be_or', 'patch', '/api/order-details/{id}');
        expect(Object.keys(update.properties!)).toEqual(['order_id']);
        const placed = doc('ecommerce_be_or').paths['/api/orders']!['post']!.responses['201'] as { content: unknown };
        expect(placed.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/OrderCreated' } } });
    });

    it('takes a payment\'s card with its create, answers 202, and names what may be unavailable', () => {
        const create = body('ecommerce_be_pmt', 'post', '/api/payments');
        expect(create['required']).toEqual(['order_id', 'card_number', 'card_expiry']);
        expect(Object.keys(create.properties!)).not.toContain('total_payment');
        expect(create.properties!['card_number']).toMatchObject({ type: 'string', maxLength: 19 });
        expect(Object.keys(doc('ecommerce_be_pmt').paths['/api/payments']!['post']!.responses)).toEqual(['202', '400', '401', '403', '409', '503']);
    });

    it('says where the gateway asks for a token and a role, in the error shape of the service', () => {
        const products = doc('ecommerce_be_pd').paths;
        expect(products['/api/products']!['get']!.security).toBeUndefined();
        expect(products['/api/products']!['post']!.security).toEqual([{ bearer: [] }]);
        expect(products['/api/products']!['post']!.description).toContain('the role seller');
        expect(products['/api/products']!['post']!.responses['403']).toEqual({ $ref: '#/components/responses/Forbidden' });
        expect(doc('ecommerce_be_pd').components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }) });
        expect(doc('ecommerce_be_usr').paths['/api/auth/login']!['post']!.security).toBeUndefined();
        expect(doc('ecommerce_be_usr').paths['/api/users']!['get']!.security).toEqual([{ bearer: [] }]);
        expect(doc('ecommerce_be_pd').paths['/health']!['get']!.security).toBeUndefined();
        const error = doc('ecommerce_be_pd').components.schemas['Error']!;
        expect(error.required).toEqual(['error', 'message']);
        expect(Object.keys(error.properties!)).toEqual(['error', 'message', 'details']);
    });
});

describe('a service without entities', () => {
    it('serves health, info and its document only', async () => {
        const docs = documents(await exampleModel('examples/lab.arch'));
        expect(routes(JSON.parse(docs.get('lab_be_a')!) as Doc)).toEqual(['GET /health', 'GET /ready', 'GET /', 'GET /api/lab-be-a', 'GET /openapi.json']);
    });
});
