/**
 * The model's flows, run: the e-commerce example is generated, its workspace
 * installed and built, and its services (users, products, inventory, orders,
 * payments, the payment processor) started natively against a throwaway
 * PostgreSQL and RabbitMQ, with the payment processing delay shortened through
 * PAYMENTS_REQUESTED_DELAY_MS. Over HTTP, straight to the services (the
 * gateway is tested elsewhere; its X-User-Id header is sent by hand):
 * an order of two lines priced from the catalog, summed, its stock taken;
 * an order beyond stock refused with nothing changed; a payment processed
 * through the broker (approved and declined); a redelivered message changing
 * nothing twice; 50 concurrent orders against a stock of 20; a broker that
 * goes away and comes back. Then the sensors example through Mosquitto
 * (MQTT): store and handler, shared subscriptions, duplicates.
 *
 * Skipped (and says why) without PostgreSQL, RabbitMQ, Mosquitto or the npm
 * registry, except under CI=true where that is a failure.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ArchitectureModel, type Component, findComponent, isDatabase } from '@archgen/model';
import { type AddressBook, generate } from '@archgen/generator';
import { type MosquittoServer, type RabbitServer, mosquittoAvailability, rabbitmqAvailability, startMosquitto, startRabbitmq } from './support/brokers.js';
import { loadModel } from './support/models.js';
import { type PostgresServer, postgresAvailability, startPostgres } from './support/postgres.js';
import {
    type NativeService,
    buildWorkspace,
    componentPorts,
    freePort,
    installWorkspace,
    nativeAddressBook,
    npmAvailability,
    startNativeService,
    writeGenerated
} from './support/services.js';


function skipReason(): string | null {
    for (const availability of [postgresAvailability(), rabbitmqAvailability(), mosquittoAvailability()]) {
        if (!availability.available) return availability.reason;
    }
    const npm = npmAvailability();
    return npm.available ? null : npm.reason;
}

const reason = skipReason();
const run = reason === null || process.env['CI'] === 'true';

interface Answer<T = Record<string, unknown>> {
    readonly status: number;
    readonly body: T;
}

async function call<T = Record<string, unknown>>(url: string, init: { method?: string; json?: unknown; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
        method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
        headers,
        ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) })
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Polls until `check` returns a value (not undefined), at most `timeoutMs`. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await check();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}

function logEntries(service: NativeService): Record<string, unknown>[] {
    return service.stdout.filter(l => l.startsWith('{')).map(l => JSON.parse(l) as Record<string, unknown>);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SELLER = '11';
const CUSTOMER = '42';
const GOOD_CARD = { card_number: '4111 1111 1111 1111', card_expiry: '12/39' };
const BAD_CARD = { card_number: '4111 1111 1111 1112', card_expiry: '12/39' };

describe.skipIf(!run)(`the e-commerce flows on PostgreSQL and RabbitMQ${reason ? ` (skipped: ${reason})` : ''}`, () => {
    let root = '';
    let shopDir = '';
    let postgres: PostgresServer | undefined;
    let rabbit: RabbitServer | undefined;
    const started: NativeService[] = [];
    const s = {} as Record<'users' | 'products' | 'inventory' | 'orders' | 'payments' | 'processor', NativeService>;
    let model: ArchitectureModel;
    const clients: pg.Client[] = [];
    const db = {} as Record<'orders' | 'payments' | 'inventory', pg.Client>;

    beforeAll(async () => {
        const began = Date.now();
        root = mkdtempSync(join(tmpdir(), 'archgen-flow-'));
        shopDir = join(root, 'ecommerce');
        model = await loadModel('examples/ecommerce.arch');
        writeGenerated(shopDir, generate(model, { target: 'compose' }).files);
        const [pgServer, rabbitServer] = await Promise.all([
            startPostgres(),
            startRabbitmq(),
            installWorkspace(shopDir).then(() => buildWorkspace(shopDir))
        ]);
        postgres = pgServer;
        rabbit = rabbitServer;
        console.info(`flow e2e: install, build, PostgreSQL and RabbitMQ took ${Date.now() - began} ms`);

        for (const database of model.components.filter(isDatabase)) {
            await postgres.createDatabase(database.databaseName);
            const client = await postgres.connect(database.databaseName);
            await client.query(readFileSync(join(shopDir, 'databases', database.serviceName, 'schema.sql'), 'utf8'));
            clients.push(client);
            if (database.name === 'ecommerce_be_or_db') db.orders = client;
            if (database.name === 'ecommerce_be_pmt_db') db.payments = client;
            if (database.name === 'ecommerce_be_inv_db') db.inventory = client;
        }

        const base = nativeAddressBook({ model, postgresPort: postgres.port, ports: await componentPorts(model) });
        const book: AddressBook = {
            ...base,
            port: (name, containerPort) => (name === 'rabbitmq' ? rabbit!.port : base.port(name, containerPort)),
            secret: name => (name === 'RABBITMQ_USER' ? rabbit!.user : name === 'RABBITMQ_PASSWORD' ? rabbit!.password : base.secret(name))
        };
        const start = async (name: string, extra: Record<string, string> = {}) => {
            const service = await startNativeService(shopDir, model, findComponent(model, name) as Component, book, extra);
            started.push(service);
            return service;
        };
        s.users = await start('ecommerce_be_usr');
        s.products = await start('ecommerce_be_pd');
        s.inventory = await start('ecommerce_be_inv');
        s.orders = await start('ecommerce_be_or');
        s.payments = await start('ecommerce_be_pmt');
        s.processor = await start('ecommerce_be_pmt_rep', { PAYMENTS_REQUESTED_DELAY_MS: '300' });
        await Promise.all(started.map(service => service.ready(30_000)));
        console.info(`flow e2e: ready after ${Date.now() - began} ms`);
    }, 300_000);

    afterAll(async () => {
        await Promise.all(clients.map(c => c.end().catch(() => undefined)));
        await Promise.all(started.map(service => service.stop('SIGKILL')));
        await rabbit?.stop();
        await postgres?.stop();
        if (root) rmSync(root, { recursive: true, force: true });
    }, 60_000);

    const product = async (name: string, price: number, sku: string, stock: number) => {
        const created = await call(`${s.products.url}/api/products`, { json: { name, price, category: 'Home', sku }, headers: { 'x-user-id': SELLER } });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        // The seller is the caller the gateway names.
        expect(created.body['seller_id']).toBe(Number(SELLER));
        const id = created.body['id'] as number;
        const stocked = await call(`${s.inventory.url}/api/inventories`, { json: { product_id: id, quantity: stock } });
        expect(stocked.status, JSON.stringify(stocked.body)).toBe(201);
        return id;
    };
    const stockOf = async (productId: number) => (await call(`${s.inventory.url}/api/inventories/${productId}`)).body['quantity'];
    const order = (lines: { product_id: number; quantity: number }[], extra: Record<string, unknown> = {}) =>
        call(`${s.orders.url}/api/orders`, { json: { ...extra, order_details: lines }, headers: { 'x-user-id': CUSTOMER } });
    const counts = async () => ({
        orders: Number((await db.orders.query('SELECT count(*) AS n FROM orders')).rows[0].n),
        lines: Number((await db.orders.query('SELECT count(*) AS n FROM order_details')).rows[0].n)
    });
    const orderStatus = async (id: unknown) => (await call(`${s.orders.url}/api/orders/${String(id)}`)).body['status'];

    let lamp: number;
    let chair: number;
    let firstOrder: Record<string, unknown>;

    test('services that carry messages are ready only with their broker; internal routes are served', async () => {
        const ready = await call(`${s.payments.url}/ready`);
        expect(ready.body).toMatchObject({ status: 'ready', database: 'ok', broker: 'ok' });
        expect((await call(`${s.processor.url}/ready`)).body).toMatchObject({ status: 'ready', database: 'none', broker: 'ok' });
        expect((await call(`${s.products.url}/ready`)).body).toMatchObject({ broker: 'none' });
        const connected = logEntries(s.processor).find(e => e['msg'] === 'messaging started');
        expect(connected).toMatchObject({
            exchange: 'ecommerce.messages',
            publishes: ['payments.processed'],
            consumes: [{ channel: 'payments.requested', queue: 'payments.requested.ecommerce-be-pmt-rep', delayMs: 300 }]
        });
        const queues = await rabbit!.ctl('list_queues', 'name', 'durable', 'consumers', '--no-table-headers', '--quiet');
        const rows = queues.trim().split('\n').map(l => l.trim().split(/\s+/)).sort((a, b) => a[0]!.localeCompare(b[0]!));
        expect(rows).toEqual([
            ['payments.processed.ecommerce-be-or', 'true', '1'],
            ['payments.processed.ecommerce-be-or.dead', 'true', '0'],
            ['payments.processed.ecommerce-be-pmt', 'true', '1'],
            ['payments.processed.ecommerce-be-pmt.dead', 'true', '0'],
            ['payments.requested.ecommerce-be-pmt-rep', 'true', '1'],
            ['payments.requested.ecommerce-be-pmt-rep.dead', 'true', '0']
        ]);
    });

    test('places an order of two lines: priced from the catalog, total summed, stock taken, all in one request', async () => {
        lamp = await product('Desk Lamp', 19.99, 'FLOW-1', 10);
        chair = await product('Office Chair', 5.5, 'FLOW-2', 10);
        const placed = await order([{ product_id: lamp, quantity: 2 }, { product_id: chair, quantity: 1 }]);
        expect(placed.status, JSON.stringify(placed.body)).toBe(201);
        firstOrder = placed.body;
        expect(placed.body).toMatchObject({ customer_id: Number(CUSTOMER), status: 'pending', total: 45.48 });
        expect(placed.body['order_details']).toMatchObject([
            { product_id: lamp, quantity: 2, total_price: 39.98, order_id: placed.body['id'] },
            { product_id: chair, quantity: 1, total_price: 5.5, order_id: placed.body['id'] }
        ]);
        expect(await stockOf(lamp)).toBe(8);
        expect(await stockOf(chair)).toBe(9);
        const stored = await call(`${s.orders.url}/api/orders/${String(placed.body['id'])}`);
        expect(stored.body).toMatchObject({ total: 45.48 });

        // Sums and looked-up prices are the service's: a client cannot set them.
        const chosen = await order([{ product_id: lamp, quantity: 1, total_price: 0.01 }], { total: 1 });
        expect(chosen.status).toBe(400);
        expect((chosen.body['details'] as { field: string }[]).map(d => d.field).sort()).toEqual(['order_details[0].total_price', 'total']);
        const orphan = await order([{ product_id: lamp, quantity: 0, order_id: 1 }]);
        expect(orphan.status).toBe(400);
        expect(orphan.body['details']).toEqual([
            { field: 'order_details[0].order_id', problem: 'is set from the new Order' },
            { field: 'order_details[0].quantity', problem: 'must be at least 1' }
        ]);
        // Without the gateway's user header, an order names its customer or is refused.
        const anonymous = await call(`${s.orders.url}/api/orders`, { json: { order_details: [] } });
        expect(anonymous.body).toMatchObject({ details: [{ field: 'customer_id', problem: 'is required' }] });
        // A line added later keeps the sum right; its quantity, which took stock, is fixed.
        const added = await call(`${s.orders.url}/api/order-details`, { json: { order_id: placed.body['id'], product_id: chair, quantity: 2 } });
        expect(added.status, JSON.stringify(added.body)).toBe(201);
        expect(await stockOf(chair)).toBe(7);
        expect((await call(`${s.orders.url}/api/orders/${String(placed.body['id'])}`)).body['total']).toBe(56.48);
        const fixed = await call(`${s.orders.url}/api/order-details/${String(added.body['id'])}`, { method: 'PATCH', json: { quantity: 5 } });
        expect(fixed.status).toBe(400);
        expect(fixed.body['details']).toEqual([{ field: 'quantity', problem: expect.stringMatching(/^is fixed once the OrderDetail is created \(ecommerce\.arch:\d+\)$/) }]);
        expect((await call(`${s.orders.url}/api/order-details/${String(added.body['id'])}`, { method: 'DELETE' })).status).toBe(204);
        expect((await call(`${s.orders.url}/api/orders/${String(placed.body['id'])}`)).body['total']).toBe(45.48);
    });

    test('refuses an order beyond stock, or of an unknown product, with 409 and changes nothing', async () => {
        const before = await counts();
        const [lampStock, chairStock] = [await stockOf(lamp), await stockOf(chair)];
        // The chair line could be taken; the lamp line cannot: neither is.
        const beyond = await order([{ product_id: chair, quantity: 1 }, { product_id: lamp, quantity: 9 }]);
        expect(beyond.status).toBe(409);
        expect(beyond.body['message']).toBe(`Not enough Inventory.quantity for product_id '${lamp}': 9 asked, 8 left.`);
        const unknown = await order([{ product_id: lamp, quantity: 1 }, { product_id: 999_999, quantity: 1 }]);
        expect(unknown.status).toBe(409);
        expect(unknown.body).toMatchObject({
            message: "There is no Product with id '999999' (order_details[1].product_id): nothing was stored.",
            details: [{ field: 'order_details[1].product_id', problem: 'refers to a Product that does not exist' }]
        });
        const unstocked = await product('Unstocked', 1, 'FLOW-3', 0);
        await call(`${s.inventory.url}/api/inventories/${unstocked}`, { method: 'DELETE' });
        const nowhere = await order([{ product_id: chair, quantity: 1 }, { product_id: unstocked, quantity: 1 }]);
        expect(nowhere.status).toBe(409);
        expect(nowhere.body['message']).toBe(`There is no Inventory with product_id '${unstocked}' to take quantity from.`);
        expect(await counts()).toEqual(before);
        expect([await stockOf(lamp), await stockOf(chair)]).toEqual([lampStock, chairStock]);
        // Gateways route /api/... only; the internal routes refuse what the model does not name.
        const take = await call(`${s.inventory.url}/internal/take/inventories`, { json: { field: 'region', by: 'product_id', items: [{ value: lamp, amount: 1 }] } });
        expect(take.status).toBe(400);
    });

    test('pays: 202 and pending, then through the broker the order is paid and the payment approved with a transaction id', async () => {
        const chosen = await call(`${s.payments.url}/api/payments`, { json: { order_id: firstOrder['id'], total_payment: 0.01, ...GOOD_CARD } });
        expect(chosen.status).toBe(400);
        expect(chosen.body['details']).toEqual([{ field: 'total_payment', problem: 'is set by the service from Order.total' }]);
        const badCard = await call(`${s.payments.url}/api/payments`, { json: { order_id: firstOrder['id'], card_number: 'x'.repeat(20), card_expiry: '12/39' } });
        expect(badCard.body).toMatchObject({ error: 'bad_request', details: [{ field: 'card_number', problem: 'must be at most 19 characters long' }] });
        const noOrder = await call(`${s.payments.url}/api/payments`, { json: { order_id: 999_999, ...GOOD_CARD } });
        expect(noOrder.status).toBe(409);
        expect(Number((await db.payments.query('SELECT count(*) AS n FROM payments')).rows[0].n)).toBe(0);

        const paid = await call(`${s.payments.url}/api/payments`, { json: { order_id: firstOrder['id'], ...GOOD_CARD } });
        expect(paid.status, JSON.stringify(paid.body)).toBe(202);
        expect(paid.body).toMatchObject({ order_id: firstOrder['id'], total_payment: 45.48, status: 'pending', transaction_id: null });
        expect(paid.body).not.toHaveProperty('card_number');
        const columns = (await db.payments.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'payments'")).rows.map(r => r.column_name);
        expect(columns).not.toContain('card_number');

        const settled = await eventually('the order to be paid', async () => ((await orderStatus(firstOrder['id'])) === 'paid' ? true : undefined));
        expect(settled).toBe(true);
        const payment = await eventually('the payment to be approved', async () => {
            const got = await call(`${s.payments.url}/api/payments/${String(paid.body['id'])}`);
            return got.body['status'] === 'approved' ? got.body : undefined;
        });
        expect(payment['transaction_id']).toMatch(UUID);
        // The processor waited the shortened delay, not the model's 30 s.
        const handled = await eventually('the processor to log the request handled', async () => logEntries(s.processor).find(e => e['msg'] === 'message handled'));
        expect(handled).toMatchObject({ channel: 'payments.requested' });
    });

    test('a declined card: the payment is declined and the order payment_failed', async () => {
        const placed = await order([{ product_id: chair, quantity: 1 }]);
        expect(placed.status).toBe(201);
        const paid = await call(`${s.payments.url}/api/payments`, { json: { order_id: placed.body['id'], ...BAD_CARD } });
        expect(paid.status).toBe(202);
        await eventually('the order to fail its payment', async () => ((await orderStatus(placed.body['id'])) === 'payment_failed' ? true : undefined));
        const payment = await eventually('the payment to be declined', async () => {
            const got = await call(`${s.payments.url}/api/payments/${String(paid.body['id'])}`);
            return got.body['status'] === 'declined' ? got.body : undefined;
        });
        expect(payment['transaction_id']).toMatch(UUID);
    });

    test('the same message delivered twice has one effect, on every consumer', async () => {
        const amqp = createRequire(join(shopDir, 'package.json'))('amqplib') as typeof import('amqplib');
        const connection = await amqp.connect(`amqp://${rabbit!.user}:${encodeURIComponent(rabbit!.password)}@${rabbit!.host}:${rabbit!.port}`);
        try {
            const channel = await connection.createConfirmChannel();
            const publish = (envelope: unknown) => new Promise<void>((resolve, reject) => {
                channel.publish('ecommerce.messages', (envelope as { channel: string }).channel, Buffer.from(JSON.stringify(envelope)), { persistent: true },
                    error => (error ? reject(error) : resolve()));
            });

            // 1. A verdict for an order, twice at once: the order changes once, and once only.
            const placed = await order([{ product_id: chair, quantity: 1 }]);
            const verdict = {
                id: '0b7c2f4e-2a1d-4c55-9a77-5f0e3c9d1a01',
                channel: 'payments.processed',
                data: { id: '7d1e4a2b-9c3f-4e8a-b5d6-1f2a3b4c5d6e', order_id: placed.body['id'], status: 'approved', transaction_id: '3f5e7a9c-1b2d-4e6f-8a0b-2c4d6e8f0a1b' }
            };
            await Promise.all([publish(verdict), publish(verdict)]);
            await eventually('the order to be paid', async () => ((await orderStatus(placed.body['id'])) === 'paid' ? true : undefined));
            const skipped = (service: NativeService, id: string) =>
                logEntries(service).filter(e => e['msg'] === 'message already handled: nothing to do' && e['messageId'] === id).length;
            await eventually('the copy to be skipped', async () => (skipped(s.orders, verdict.id) === 1 ? true : undefined));
            // Had the copy been applied again, this would be undone.
            expect((await call(`${s.orders.url}/api/orders/${String(placed.body['id'])}`, { method: 'PATCH', json: { status: 'cancelled' } })).status).toBe(200);
            await publish(verdict);
            await eventually('the third copy to be skipped', async () => (skipped(s.orders, verdict.id) === 2 ? true : undefined));
            expect(await orderStatus(placed.body['id'])).toBe('cancelled');
            const recorded = await db.orders.query('SELECT count(*) AS n FROM archgen_processed_messages WHERE message_id = $1', [verdict.id]);
            expect(Number(recorded.rows[0].n)).toBe(1);

            // 2. A payment request redelivered to the processor (which has no database): it publishes the very
            //    same verdict again, with the same id and transaction id, and both its consumers skip it.
            const published = logEntries(s.payments).find(e => e['msg'] === 'published' && e['channel'] === 'payments.requested');
            expect(published).toBeDefined();
            const requestId = published!['messageId'] as string;
            const first = (await call<{ items: Record<string, unknown>[] }>(`${s.payments.url}/api/payments?order_id=${String(firstOrder['id'])}`)).body.items[0]!;
            const handledBefore = logEntries(s.processor).filter(e => e['msg'] === 'message handled' && e['messageId'] === requestId);
            expect(handledBefore).toHaveLength(1);
            await publish({
                id: requestId,
                channel: 'payments.requested',
                data: { id: first['id'], order_id: first['order_id'], total_payment: first['total_payment'], ...GOOD_CARD }
            });
            const again = await eventually('the processor to handle the copy', async () => {
                const handled = logEntries(s.processor).filter(e => e['msg'] === 'message handled' && e['messageId'] === requestId);
                return handled.length === 2 ? handled : undefined;
            });
            expect(again[1]!['published']).toEqual(again[0]!['published']);
            const verdictId = (again[0]!['published'] as string[])[0]!;
            await eventually('both consumers to skip the repeated verdict', async () =>
                (skipped(s.payments, verdictId) === 1 && skipped(s.orders, verdictId) === 1 ? true : undefined));
            const after = (await call(`${s.payments.url}/api/payments/${String(first['id'])}`)).body;
            expect(after).toEqual(first);
        } finally {
            await connection.close();
        }
    });

    test('50 concurrent single-unit orders against a stock of 20: exactly 20 are placed, the stock ends at 0', async () => {
        const scarce = await product('Scarce', 3, 'FLOW-SCARCE', 20);
        const before = await counts();
        const answers = await Promise.all(Array.from({ length: 50 }, () => order([{ product_id: scarce, quantity: 1 }])));
        const statuses = answers.map(a => a.status);
        expect(statuses.filter(code => code === 201)).toHaveLength(20);
        expect(statuses.filter(code => code === 409)).toHaveLength(30);
        expect(await stockOf(scarce)).toBe(0);
        const after = await counts();
        expect(after).toEqual({ orders: before.orders + 20, lines: before.lines + 20 });
        const lines = await db.orders.query('SELECT count(*) AS n FROM order_details WHERE product_id = $1', [scarce]);
        expect(Number(lines.rows[0].n)).toBe(20);
    }, 60_000);

    test('while the broker is away, services are not ready and a payment is refused with nothing stored; then they reconnect', async () => {
        const placed = await order([{ product_id: chair, quantity: 1 }]);
        const payments = async () => Number((await db.payments.query('SELECT count(*) AS n FROM payments')).rows[0].n);
        const before = await payments();
        await rabbit!.ctl('stop_app');
        try {
            await eventually('payments to be not ready', async () => ((await call(`${s.payments.url}/ready`)).status === 503 ? true : undefined));
            const notReady = await call(`${s.payments.url}/ready`);
            expect(notReady.body).toEqual({ error: 'service_unavailable', message: "The broker 'rabbitmq (amqp)' is not connected." });
            const refused = await call(`${s.payments.url}/api/payments`, { json: { order_id: placed.body['id'], ...GOOD_CARD } });
            expect(refused.status).toBe(503);
            expect(await payments()).toBe(before);
        } finally {
            await rabbit!.ctl('start_app');
        }
        await Promise.all([s.payments, s.processor, s.orders].map(service => service.ready(30_000)));
        const paid = await call(`${s.payments.url}/api/payments`, { json: { order_id: placed.body['id'], ...GOOD_CARD } });
        expect(paid.status).toBe(202);
        await eventually('the order to be paid after the broker came back', async () => ((await orderStatus(placed.body['id'])) === 'paid' ? true : undefined), 30_000);
    }, 90_000);

    test('stops gracefully on SIGTERM', async () => {
        const codes = await Promise.all([s.processor.stop(), s.payments.stop(), s.orders.stop()]);
        expect(codes).toEqual([0, 0, 0]);
    });
});

describe.skipIf(!run)(`a channel over MQTT through Mosquitto: store and a handler${reason ? ` (skipped: ${reason})` : ''}`, () => {
    let root = '';
    let dir = '';
    let postgres: PostgresServer | undefined;
    let mosquitto: MosquittoServer | undefined;
    const started: NativeService[] = [];
    let ingest: NativeService;
    let archives: NativeService[];
    let archiveDb: pg.Client;
    let start: (name: string, extra?: Record<string, string>) => Promise<NativeService>;

    beforeAll(async () => {
        root = mkdtempSync(join(tmpdir(), 'archgen-flow-mqtt-'));
        dir = join(root, 'sensors');
        const model = await loadModel('docs/examples/sensors.arch');
        writeGenerated(dir, generate(model, { target: 'compose' }).files);
        const [pgServer, broker] = await Promise.all([startPostgres(), startMosquitto(), installWorkspace(dir).then(() => buildWorkspace(dir))]);
        postgres = pgServer;
        mosquitto = broker;
        for (const database of model.components.filter(isDatabase)) {
            await postgres.createDatabase(database.databaseName);
            const client = await postgres.connect(database.databaseName);
            await client.query(readFileSync(join(dir, 'databases', database.serviceName, 'schema.sql'), 'utf8'));
            if (database.name === 'archive_db') archiveDb = client;
            else await client.end();
        }
        const base = nativeAddressBook({ model, postgresPort: postgres.port, ports: await componentPorts(model) });
        const book: AddressBook = { ...base, port: (name, containerPort) => (name === 'mosquitto' ? mosquitto!.port : base.port(name, containerPort)) };
        start = async (name: string, extra: Record<string, string> = {}) => {
            const service = await startNativeService(dir, model, findComponent(model, name) as Component, book, extra);
            started.push(service);
            return service;
        };
        ingest = await start('ingest');
        // Two replicas of the archive share one subscription: each reading reaches one of them.
        archives = [await start('archive', { INSTANCE_ID: 'archive-1' }), await start('archive', { INSTANCE_ID: 'archive-2', PORT: String(await freePort()) })];
        await Promise.all(started.map(service => service.ready(30_000)));
    }, 300_000);

    afterAll(async () => {
        await archiveDb?.end().catch(() => undefined);
        await Promise.all(started.map(service => service.stop('SIGKILL')));
        await mosquitto?.stop();
        await postgres?.stop();
        if (root) rmSync(root, { recursive: true, force: true });
    }, 60_000);

    test('a new reading is archived once, by one replica, and the handler runs', async () => {
        const archived = async () => Number((await archiveDb.query('SELECT count(*) AS n FROM archived_readings')).rows[0].n);
        const ids: string[] = [];
        for (let i = 0; i < 6; i++) {
            const created = await call(`${ingest.url}/api/readings`, { json: { sensor: `s-${i}`, value: 1.5 + i } });
            expect(created.status, JSON.stringify(created.body)).toBe(202);
            ids.push(created.body['id'] as string);
        }
        const handledEntries = () => archives.flatMap(a => logEntries(a).filter(e => e['msg'] === 'message handled'));
        // A replica logs 'message handled' after its commit: wait for the rows and for the log lines.
        await eventually('the readings to be archived', async () => ((await archived()) === 6 && handledEntries().length >= 6 ? true : undefined));
        const stored = await archiveDb.query('SELECT id, sensor, value FROM archived_readings ORDER BY sensor');
        expect(stored.rows.map(r => r.id)).toEqual(ids);
        expect(handledEntries()).toHaveLength(6);
        // One shared subscription: no replica saw a reading the other handled.
        expect(archives.flatMap(a => logEntries(a).filter(e => e['msg'] === 'message already handled: nothing to do'))).toEqual([]);
        const stubs = archives.flatMap(a => logEntries(a).filter(e => typeof e['msg'] === 'string' && (e['msg'] as string).startsWith("handler 'check_thresholds' is a stub")));
        expect(stubs).toHaveLength(6);
    });

    test('a replica that comes back gets nothing again: its messages were acknowledged after their commit', async () => {
        const first = archives[0]!;
        expect(await first.stop()).toBe(0);
        // The same instance id: the same MQTT client id, so the same persistent session.
        const back = await start('archive', { INSTANCE_ID: 'archive-1' });
        archives[0] = back;
        await back.ready(30_000);
        await eventually('the replica to connect', async () => (logEntries(back).some(e => e['msg'] === 'broker connected') ? true : undefined));
        await new Promise(resolve => setTimeout(resolve, 1_000));
        expect(logEntries(back).filter(e => e['msg'] === 'message handled' || e['msg'] === 'message already handled: nothing to do')).toEqual([]);
    });

    test('a duplicate MQTT message changes nothing twice', async () => {
        const mqtt = createRequire(join(dir, 'package.json'))('mqtt') as typeof import('mqtt');
        const client = await mqtt.connectAsync(`mqtt://${mosquitto!.host}:${mosquitto!.port}`, { clientId: 'flow-test', clean: true });
        try {
            const envelope = {
                id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
                channel: 'readings.created',
                data: { id: '9a8b7c6d-0000-4a3b-8c2d-1e0f9a8b7c6d', sensor: 'dup', value: 7.25, taken_at: '2024-05-31T14:30:00Z' }
            };
            await client.publishAsync('readings/created', JSON.stringify(envelope), { qos: 1 });
            await client.publishAsync('readings/created', JSON.stringify(envelope), { qos: 1 });
            const seen = (msg: string) => archives.flatMap(a => logEntries(a).filter(e => e['msg'] === msg && e['messageId'] === envelope.id)).length;
            await eventually('both copies to be seen', async () => (seen('message handled') + seen('message already handled: nothing to do') === 2 ? true : undefined));
            expect(seen('message handled')).toBe(1);
            const rows = await archiveDb.query('SELECT value FROM archived_readings WHERE sensor = $1', ['dup']);
            expect(rows.rows).toEqual([{ value: '7.250' }]);
        } finally {
            await client.endAsync();
        }
    });
});
