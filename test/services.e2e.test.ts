/**
 * The generated services run: the e-commerce and lab examples are generated,
 * their npm workspace installed once and built with its own `tsc`, and the
 * users, products and a lab service started natively against a throwaway
 * PostgreSQL with exactly the environment of the contract. Then, over HTTP:
 * health, readiness, info and the instance header; register, login and the
 * gateway's verify route; products CRUD with validation, conflicts, filters and
 * pagination; each service's contract (openapi.json) served as generated and
 * refusing what it does not allow; structured logs; graceful shutdown on SIGTERM.
 *
 * Skipped (and says why) without PostgreSQL or the npm registry, except under
 * CI=true where that is a failure.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ArchitectureModel, type Component, findComponent, isDatabase } from '@archgen/model';
import { generate } from '@archgen/generator';
import { type PostgresServer, postgresAvailability, startPostgres } from './support/postgres.js';
import { loadModel } from './support/models.js';
import {
    type NativeService,
    buildWorkspace,
    componentPorts,
    freePort,
    installWorkspace,
    nativeAddressBook,
    npmAvailability,
    shareInstall,
    startNativeService,
    writeGenerated
} from './support/services.js';


function skipReason(): string | null {
    const postgres = postgresAvailability();
    if (!postgres.available) return postgres.reason;
    const npm = npmAvailability();
    return npm.available ? null : npm.reason;
}

const reason = skipReason();
const run = reason === null || process.env['CI'] === 'true';

const JWT_SECRET = 'e2e-secret-0123456789abcdef0123456789abcdef';
const json = { 'content-type': 'application/json' };

interface Answer<T = Record<string, unknown>> {
    readonly status: number;
    readonly headers: Headers;
    readonly body: T;
}

async function call<T = Record<string, unknown>>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<Answer<T>> {
    const { json: payload, ...rest } = init;
    const response = await fetch(url, payload === undefined ? rest : { ...rest, method: rest.method ?? 'POST', headers: { ...json, ...rest.headers }, body: JSON.stringify(payload) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** An HS256 token signed with the test's secret, for claims the service would never issue (an expired one). */
function handMadeToken(claims: Record<string, unknown>): string {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
    return `${body}.${createHmac('sha256', JWT_SECRET).update(body).digest('base64url')}`;
}

describe.skipIf(!run)(`generated services on PostgreSQL${reason ? ` (skipped: ${reason})` : ''}`, () => {
    const root = mkdtempSync(join(tmpdir(), 'archgen-services-'));
    const shopDir = join(root, 'ecommerce');
    const labDir = join(root, 'lab');
    let postgres: PostgresServer | undefined;
    const started: NativeService[] = [];
    let users: NativeService;
    let products: NativeService;
    let lab: NativeService;
    let labNoDb: NativeService;

    beforeAll(async () => {
        const shop = await loadModel('examples/ecommerce.arch');
        const labModel = await loadModel('examples/lab.arch');
        writeGenerated(shopDir, generate(shop, { target: 'compose' }).files);
        writeGenerated(labDir, generate(labModel, { target: 'compose' }).files);

        // One install for both: the lab links the e-commerce packages and builds with its TypeScript.
        const installed = Date.now();
        await installWorkspace(shopDir);
        shareInstall(shopDir, labDir);
        await Promise.all([buildWorkspace(shopDir), buildWorkspace(labDir, shopDir)]);
        console.info(`services e2e: install and build took ${Date.now() - installed} ms`);

        postgres = await startPostgres();
        const loadSchema = async (model: ArchitectureModel, dir: string, dbService: string) => {
            const db = model.components.filter(isDatabase).find(d => d.serviceName === dbService)!;
            await postgres!.createDatabase(db.databaseName);
            const client = await postgres!.connect(db.databaseName);
            try {
                await client.query(readFileSync(join(dir, 'databases', db.serviceName, 'schema.sql'), 'utf8'));
            } finally {
                await client.end();
            }
        };
        await loadSchema(shop, shopDir, 'ecommerce-be-usr-db');
        await loadSchema(shop, shopDir, 'ecommerce-be-pd-db');
        await loadSchema(labModel, labDir, 'lab-db-a');

        const shopBook = nativeAddressBook({ model: shop, postgresPort: postgres.port, ports: await componentPorts(shop), jwtSecret: JWT_SECRET });
        // lab_be_b's database is a port where nothing listens: alive, never ready.
        const labBook = nativeAddressBook({
            model: labModel, postgresPort: postgres.port, ports: await componentPorts(labModel),
            databasePorts: new Map([['lab-db-b', await freePort()]])
        });
        const start = async (dir: string, model: ArchitectureModel, name: string, book: typeof shopBook, extra?: Record<string, string>) => {
            const service = await startNativeService(dir, model, findComponent(model, name) as Component, book, extra);
            started.push(service);
            return service;
        };
        users = await start(shopDir, shop, 'ecommerce_be_usr', shopBook, { INSTANCE_ID: 'users-1' });
        products = await start(shopDir, shop, 'ecommerce_be_pd', shopBook);
        lab = await start(labDir, labModel, 'lab_be_a', labBook);
        labNoDb = await start(labDir, labModel, 'lab_be_b', labBook);
        await Promise.all([users.ready(), products.ready(), lab.ready()]);
    }, 300_000);

    afterAll(async () => {
        await Promise.all(started.map(s => s.stop('SIGKILL')));
        await postgres?.stop();
        rmSync(root, { recursive: true, force: true });
    });

    test('each service reads only the contract and says which instance answers', async () => {
        expect(Object.keys(users.env).sort()).toEqual([
            'ECOMMERCE_BE_USR_DB_DATABASE', 'ECOMMERCE_BE_USR_DB_HOST', 'ECOMMERCE_BE_USR_DB_PASSWORD', 'ECOMMERCE_BE_USR_DB_PORT',
            'ECOMMERCE_BE_USR_DB_USER', 'INSTANCE_ID', 'JWT_SECRET', 'JWT_TTL_SECONDS', 'LISTEN_HOST', 'PATH', 'PORT', 'SERVICE_NAME'
        ]);
        const health = await call(`${users.url}/health`);
        expect(health.status).toBe(200);
        expect(health.body).toEqual({ status: 'ok', service: 'ecommerce_be_usr', instance: 'users-1' });
        expect(health.headers.get('x-instance')).toBe('ecommerce_be_usr@users-1');
        // Without INSTANCE_ID an instance is <hostname>:<PORT>.
        const ready = await call(`${products.url}/ready`);
        expect(ready.status).toBe(200);
        expect(ready.headers.get('x-instance')).toBe(`ecommerce_be_pd@${hostname()}:${products.port}`);
        expect((await call(`${products.url}/nowhere`)).headers.get('x-instance')).toBe(`ecommerce_be_pd@${hostname()}:${products.port}`);
        expect((await call(products.url)).body).toMatchObject({ component: 'ecommerce_be_pd', kind: 'backend', entities: ['Product'] });
    });

    test('a base-dialect service without entities is a runnable skeleton: health, info, database readiness', async () => {
        const info = await call(`${lab.url}/api/lab-be-a`);
        expect(info.status).toBe(200);
        expect(info.body).toEqual({ component: 'lab_be_a', kind: 'backend', instance: `${hostname()}:${lab.port}`, description: null, entities: [] });
        expect(info.headers.get('x-instance')).toBe(`lab_be_a@${hostname()}:${lab.port}`);
        expect((await call(`${lab.url}/ready`)).body).toMatchObject({ status: 'ready', database: 'ok' });

        expect((await call(`${labNoDb.url}/health`)).status).toBe(200);
        const notReady = await call(`${labNoDb.url}/ready`);
        expect(notReady.status).toBe(503);
        expect(notReady.body).toEqual({ error: 'service_unavailable', message: "The database 'lab_db_b' does not answer." });
    });

    test('registers a seller and a customer, logs them in, and verifies their tokens for the gateway', async () => {
        const register = (body: Record<string, unknown>) => call(`${users.url}/api/auth/register`, { json: body });
        const seller = await register({ name: 'Sofia Seller', email: 'sofia@shop.test', password: 'correct horse', is_seller: true, is_customer: false });
        expect(seller.status).toBe(201);
        expect(seller.body).toMatchObject({ name: 'Sofia Seller', email: 'sofia@shop.test', is_seller: true, is_customer: false });
        expect(seller.body).not.toHaveProperty('password_hash');
        expect(seller.body).not.toHaveProperty('password');
        const customer = await register({ name: 'Carl Customer', email: 'carl@shop.test', password: 'battery staple' });
        expect(customer.status).toBe(201);
        expect(customer.body).toMatchObject({ is_customer: true, is_seller: false });

        const count = async () => (await call<{ total: number }>(`${users.url}/api/users`)).body.total;
        expect(await count()).toBe(2);
        const duplicate = await register({ name: 'Again', email: 'sofia@shop.test', password: 'another one' });
        expect(duplicate.status).toBe(409);
        expect(duplicate.body).toMatchObject({ error: 'conflict', details: [{ field: 'email', problem: 'is already taken' }] });
        const bad = await register({ name: 'X', email: 'x@shop.test', password: 'short', password_hash: 'mine', admin: true });
        expect(bad.status).toBe(400);
        expect(bad.body).toMatchObject({ error: 'bad_request' });
        expect((bad.body['details'] as { field: string }[]).map(d => d.field)).toEqual(['password', 'password_hash', 'admin']);
        expect(await count()).toBe(2);

        const login = (email: string, password: string) => call<{ token?: string; user?: { roles: string[] } }>(`${users.url}/api/auth/login`, { json: { email, password } });
        const sellerLogin = await login('sofia@shop.test', 'correct horse');
        expect(sellerLogin.status).toBe(200);
        expect(sellerLogin.body.user?.roles).toEqual(['seller']);
        const customerLogin = await login('carl@shop.test', 'battery staple');
        expect((await login('sofia@shop.test', 'wrong horse')).status).toBe(401);
        expect((await login('nobody@shop.test', 'correct horse')).status).toBe(401);
        const sellerToken = sellerLogin.body.token!;
        const customerToken = customerLogin.body.token!;
        const [, payload] = sellerToken.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as { sub: string; roles: string[]; exp: number; iat: number };
        expect(claims).toMatchObject({ sub: String(seller.body['id']), roles: ['seller'] });
        expect(claims.exp - claims.iat).toBe(3600);

        const verify = (headers: Record<string, string>, method = 'GET') => call(`${users.url}/api/auth/verify`, { method, headers });
        const allowed = await verify({ authorization: `Bearer ${sellerToken}`, 'x-archgen-roles': 'seller', 'x-archgen-public': '0' });
        expect(allowed.status).toBe(200);
        expect(allowed.headers.get('x-user-id')).toBe(String(seller.body['id']));
        expect(allowed.headers.get('x-user-roles')).toBe('seller');
        // nginx's auth_request subrequest keeps the method of the request it checks, without the body.
        const posted = await verify({ authorization: `Bearer ${customerToken}`, 'x-archgen-roles': 'customer', ...json }, 'POST');
        expect(posted.status).toBe(200);
        expect(posted.headers.get('x-user-roles')).toBe('customer');
        expect((await verify({ authorization: `Bearer ${customerToken}`, 'x-archgen-roles': 'seller' }, 'DELETE')).status).toBe(403);
        expect((await verify({ authorization: `Bearer ${customerToken}`, 'x-archgen-roles': '' })).headers.get('x-user-roles')).toBe('customer');
        const missing = await verify({ 'x-archgen-roles': 'seller' });
        expect(missing.status).toBe(401);
        expect(missing.headers.get('www-authenticate')).toBe('Bearer');
        const anonymous = await verify({ 'x-archgen-public': '1' });
        expect(anonymous.status).toBe(200);
        expect(anonymous.headers.get('x-user-id')).toBeNull();
        expect((await verify({ authorization: `Bearer ${sellerToken}x` })).status).toBe(401);
        const past = Math.floor(Date.now() / 1000) - 60;
        const expired = handMadeToken({ sub: '1', roles: ['seller'], iat: past - 3600, exp: past });
        expect((await verify({ authorization: `Bearer ${expired}` })).body).toMatchObject({ message: 'The token has expired: log in again.' });

        const stored = await call(`${users.url}/api/users/${String(seller.body['id'])}`);
        expect(stored.status).toBe(200);
        expect(stored.body).not.toHaveProperty('password_hash');
    });

    test('serves products: create, refuse bad input with nothing written, conflicts, filters, pagination, update, delete', async () => {
        const base = `${products.url}/api/products`;
        const count = async () => (await call<{ total: number }>(base)).body.total;
        const create = (body: Record<string, unknown>) => call(base, { json: body });
        const lamp = await create({ name: 'Desk Lamp', price: 19.99, category: 'Home Office', sku: 'SKU-001', seller_id: 1, description: 'Warm light' });
        expect(lamp.status).toBe(201);
        expect(lamp.body).toMatchObject({ name: 'Desk Lamp', price: 19.99, category: 'Home Office', sku: 'SKU-001', seller_id: 1 });
        expect(lamp.headers.get('location')).toBe(`/api/products/${String(lamp.body['id'])}`);
        expect(typeof lamp.body['created_at']).toBe('string');
        expect((await create({ name: 'Floor Lamp', price: '49.50', category: 'Home', sku: 'SKU-002', seller_id: 1 })).status).toBe(201);
        expect((await create({ name: 'Office Chair', price: 120, category: 'Office', sku: 'SKU-003', seller_id: 2 })).status).toBe(201);
        expect(await count()).toBe(3);

        const bad = await create({ name: 'Broken', price: -1, category: 'Home', seller_id: 'one', colour: 'red' });
        expect(bad.status).toBe(400);
        expect(bad.body['error']).toBe('bad_request');
        expect(bad.body['message']).toMatch(/^The Product is not valid: /);
        expect(bad.body['details']).toEqual([
            { field: 'price', problem: 'must be at least 0' },
            { field: 'seller_id', problem: 'must be a whole number' },
            { field: 'colour', problem: 'is not a field of Product' },
            { field: 'sku', problem: 'is required' }
        ]);
        const precise = await create({ name: 'Pricey', price: 1.999, category: 'Home', sku: 'SKU-004', seller_id: 1 });
        expect(precise.body).toMatchObject({ details: [{ field: 'price', problem: 'must be a number with at most 8 digits before the decimal point and 2 after it' }] });
        const long = await create({ name: 'x'.repeat(121), price: 1, category: 'Home', sku: 'SKU-005', seller_id: 1 });
        expect(long.body).toMatchObject({ details: [{ field: 'name', problem: 'must be at most 120 characters long' }] });
        const empty = await fetch(base, { method: 'POST', headers: json });
        expect(empty.status).toBe(400);
        expect(await empty.json()).toEqual({
            error: 'bad_request',
            message: 'The request body must be a JSON object (Content-Type: application/json) with the fields of Product.'
        });
        const malformed = await fetch(base, { method: 'POST', headers: json, body: '{"name": ' });
        expect(malformed.status).toBe(400);
        expect(await malformed.json()).toEqual({ error: 'bad_request', message: 'The request body is not valid JSON.' });
        const taken = await create({ name: 'Copy', price: 1, category: 'Home', sku: 'SKU-001', seller_id: 1 });
        expect(taken.status).toBe(409);
        expect(taken.body).toMatchObject({ error: 'conflict', details: [{ field: 'sku', problem: 'is already taken' }] });
        expect(await count()).toBe(3);

        expect((await call(`${base}/abc`)).status).toBe(400);
        const unknown = await call(`${base}/999999`);
        expect(unknown.status).toBe(404);
        expect(unknown.body).toEqual({ error: 'not_found', message: "There is no Product with id '999999'." });

        const list = (query: string) => call<{ items: { sku: string }[]; total: number; limit: number; offset: number }>(`${base}?${query}`);
        const skus = async (query: string) => (await list(query)).body.items.map(p => p.sku);
        expect((await list('limit=2')).body).toMatchObject({ total: 3, limit: 2, offset: 0 });
        expect(await skus('limit=2')).toEqual(['SKU-001', 'SKU-002']);
        expect(await skus('limit=2&offset=2')).toEqual(['SKU-003']);
        expect((await list('limit=500')).body.limit).toBe(100);
        expect(await skus('name=LAMP')).toEqual(['SKU-001', 'SKU-002']);
        expect(await skus('category=office')).toEqual(['SKU-001', 'SKU-003']);
        expect(await skus('sku=sku-003')).toEqual(['SKU-003']);
        expect(await skus('name=lamp&seller_id=1&price=49.5')).toEqual(['SKU-002']);
        expect(await skus('name=100%25')).toEqual([]);
        const badQuery = await list('limit=0&colour=red');
        expect(badQuery.status).toBe(400);
        expect((badQuery.body as unknown as { details: { field: string }[] }).details.map(d => d.field)).toEqual(['limit', 'colour']);

        const id = String(lamp.body['id']);
        const patched = await call(`${base}/${id}`, { method: 'PATCH', json: { price: 24.5, description: null } });
        expect(patched.status).toBe(200);
        expect(patched.body).toMatchObject({ price: 24.5, description: null, name: 'Desk Lamp' });
        expect((await call(`${base}/${id}`, { method: 'PATCH', json: { price: 'cheap' } })).status).toBe(400);
        expect((await call(`${base}/${id}`, { method: 'PATCH', json: { id: 7 } })).status).toBe(400);
        expect((await call(`${base}/${id}`)).body).toMatchObject({ price: 24.5 });
        expect((await call(`${base}/999999`, { method: 'PATCH', json: { price: 1 } })).status).toBe(404);

        // A DELETE sent with a JSON content type and no body, as fetch wrappers do, is fine.
        expect((await fetch(`${base}/${id}`, { method: 'DELETE', headers: json })).status).toBe(204);
        expect((await call(`${base}/${id}`)).status).toBe(404);
        expect((await fetch(`${base}/${id}`, { method: 'DELETE' })).status).toBe(404);
        expect(await count()).toBe(2);
    });

    test('serves its contract at /openapi.json: the generated file, byte for byte', async () => {
        for (const [service, dir, folder] of [[users, shopDir, 'ecommerce-be-usr'], [products, shopDir, 'ecommerce-be-pd'], [lab, labDir, 'lab-be-a']] as const) {
            const response = await fetch(`${service.url}/openapi.json`);
            expect(response.status).toBe(200);
            expect(response.headers.get('content-type')).toMatch(/^application\/json/);
            expect(await response.text()).toBe(readFileSync(join(dir, 'services', folder, 'openapi.json'), 'utf8'));
        }
        const doc = (await call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(`${products.url}/openapi.json`)).body;
        expect(doc.openapi).toBe('3.1.0');
        expect(Object.keys(doc.paths)).toEqual(['/health', '/ready', '/', '/api/ecommerce-be-pd', '/openapi.json', '/api/products', '/api/products/{id}']);
    });

    test('refuses what its contract refuses: 400 in the service\'s error shape, nothing written', async () => {
        const base = `${products.url}/api/products`;
        const count = async () => (await call<{ total: number }>(base)).body.total;
        const before = await count();
        const good = { name: 'Contract Lamp', price: 5, category: 'Home', sku: 'SKU-C01', seller_id: 1 };
        const refused = async (body: Record<string, unknown>) => {
            const answer = await call(base, { json: body });
            expect(answer.status, JSON.stringify(answer.body)).toBe(400);
            return answer.body;
        };
        // A wrong type, a string too long, a missing field: the contract refuses them, the model's checks word them.
        expect(await refused({ ...good, name: 42 })).toEqual({
            error: 'bad_request', message: "The Product is not valid: 'name' must be a string.", details: [{ field: 'name', problem: 'must be a string' }]
        });
        expect(await refused({ ...good, sku: 'S'.repeat(41) })).toMatchObject({ details: [{ field: 'sku', problem: 'must be at most 40 characters long' }] });
        expect(await refused({ name: 'No Price', category: 'Home', sku: 'SKU-C02', seller_id: 1 })).toMatchObject({ details: [{ field: 'price', problem: 'is required' }] });
        // Only the contract refuses this one (the model's checks would trim the spaces): its rule, in its words.
        expect(await refused({ ...good, price: ' 5.00' })).toEqual({
            error: 'bad_request',
            message: "The Product is not valid: 'price' must be a decimal with at most 8 digits before the decimal point and 2 after it, as a number or as text, at least 0.",
            details: [{ field: 'price', problem: 'must be a decimal with at most 8 digits before the decimal point and 2 after it, as a number or as text, at least 0' }]
        });
        // Query strings too: a filter the contract types as a date and time.
        const filter = await call(`${base}?created_at=yesterday`);
        expect(filter.status).toBe(400);
        expect(filter.body).toMatchObject({ details: [{ field: 'created_at', problem: 'must be a date and time in ISO 8601 (2024-05-31T14:30:00Z)' }] });
        expect(await count()).toBe(before);

        const stored = await call(base, { json: good });
        expect(stored.status).toBe(201);
        expect((await fetch(`${base}/${String(stored.body['id'])}`, { method: 'DELETE' })).status).toBe(204);
    });

    test('does not start when its contract names a route it does not serve', async () => {
        // A copy of the products service whose openapi.json names one more route.
        const copy = join(shopDir, 'services', 'contract-mismatch');
        cpSync(join(shopDir, 'services', 'ecommerce-be-pd'), copy, { recursive: true });
        const doc = JSON.parse(readFileSync(join(copy, 'openapi.json'), 'utf8')) as { paths: Record<string, unknown> };
        doc.paths['/api/discounts'] = { get: { operationId: 'listDiscount', responses: { 200: { description: 'Discounts.' } } } };
        writeFileSync(join(copy, 'openapi.json'), JSON.stringify(doc));
        const child = spawn(process.execPath, [join(copy, 'dist', 'main.js')], {
            cwd: shopDir, env: { ...products.env, PORT: String(await freePort()) }, stdio: ['ignore', 'pipe', 'pipe']
        });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
        const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
        expect(code).toBe(1);
        const logged = out.trim().split('\n').map(l => JSON.parse(l) as { level: string; msg: string });
        expect(logged.at(-1)).toMatchObject({
            level: 'error',
            msg: 'The contract names GET /api/discounts, which the service does not serve: the service and its openapi.json do not match.'
        });
        rmSync(copy, { recursive: true, force: true });
    });

    test('logs one JSON line per request', () => {
        const entries = products.stdout.filter(l => l.startsWith('{')).map(l => JSON.parse(l) as Record<string, unknown>);
        const created = entries.find(e => e['msg'] === 'request' && e['method'] === 'POST' && e['status'] === 201);
        expect(created).toMatchObject({ level: 'info', service: 'ecommerce_be_pd', instance: `${hostname()}:${products.port}`, url: '/api/products' });
        expect(Object.keys(created!).sort()).toEqual(['instance', 'level', 'method', 'ms', 'msg', 'service', 'status', 'time', 'url']);
        expect(typeof created!['ms']).toBe('number');
        expect(products.stderr.filter(l => l.trim() !== '')).toEqual([]);
    });

    test('stops gracefully on SIGTERM: exit code 0', async () => {
        const codes = await Promise.all([products.stop(), users.stop(), lab.stop(), labNoDb.stop()]);
        expect(codes).toEqual([0, 0, 0, 0]);
        expect(products.stdout.map(l => (JSON.parse(l) as { msg: string }).msg).slice(-2)).toEqual(['shutting down', 'stopped']);
    });
});
