/**
 * examples/ecommerce.arch, generated and started with its run-local.sh on the
 * installed PostgreSQL, RabbitMQ and nginx; everything through the public URL
 * (load balancer -> frontend -> gateway -> services).
 */
import { describe, expect, it } from 'vitest';
import { type Reply, availability, listening, request, runLocal, useSystem } from './harness.js';

const needs = availability(['postgres', 'nginx', 'rabbitmq', 'npm']);

interface User {
    readonly id: number;
    readonly token: string;
}

interface Page<T> {
    readonly items: readonly T[];
    readonly total: number;
}

interface Product {
    readonly id: number;
    readonly name: string;
    readonly sku: string;
    readonly category: string;
}

describe.skipIf(!needs.run)(`e-commerce system under run-local.sh${needs.note}`, () => {
    // The payment delay shortened through its environment variable (the model says 30 s).
    const system = useSystem('examples/ecommerce.arch', needs, { PAYMENTS_REQUESTED_DELAY_MS: '500' });
    const api = (path: string) => `${system().url}api/${path}`;
    const unique = `${Date.now().toString(36)}`;
    let seller: User;
    let customer: User;
    let product: Product;

    const signUp = async (name: string, roles: { is_customer: boolean; is_seller: boolean }): Promise<User> => {
        const email = `${name}-${unique}@example.test`;
        const registered = await request(api('auth/register'), { body: { name, email, password: 'correct horse battery', ...roles } });
        expect(registered.status, registered.text).toBe(201);
        expect(registered.json).not.toHaveProperty('password_hash');
        const login = await request(api('auth/login'), { body: { email, password: 'correct horse battery' } });
        expect(login.status, login.text).toBe(200);
        const { token } = login.json as { token: string };
        expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
        return { id: (registered.json as { id: number }).id, token };
    };

    const search = async (query: string): Promise<Page<Product>> => {
        const reply = await request(api(`products?${query}`));
        expect(reply.status, reply.text).toBe(200);
        return reply.json as Page<Product>;
    };

    it('starts every component, the payment delay shortened from the environment', () => {
        const labels = system().state.processes.map(p => p.label);
        expect(labels).toEqual(expect.arrayContaining(['PostgreSQL', "RabbitMQ 'rabbitmq'", 'ecommerce_lb', 'ecommerce_ag_us', 'ecommerce_fe #2', 'ecommerce_be_pmt_rep']));
        expect(labels).toHaveLength(17);
        expect(system().up.stdout).toContain('database ecommerce_be_pd_db created');
    });

    it('gave the payment processor the shortened delay, and shows it with env', async () => {
        const env = await runLocal(system().dir, ['env']);
        expect(env.code).toBe(0);
        const processor = env.stdout.split('\n\n').find(block => block.includes('# ecommerce_be_pmt_rep '));
        expect(processor).toContain('PAYMENTS_REQUESTED_DELAY_MS=500');
        expect(processor).toMatch(/RABBITMQ_PASSWORD=\*{8}/);
    });

    it('serves the shop at the public URL', async () => {
        const page = await request(system().url, { headers: { accept: 'text/html' } });
        expect(page.status).toBe(200);
        expect(page.text).toContain('<html');
    });

    it('registers and logs in a seller and a customer', async () => {
        seller = await signUp('seller', { is_customer: false, is_seller: true });
        customer = await signUp('customer', { is_customer: true, is_seller: false });
        expect(seller.id).not.toBe(customer.id);
        const wrong = await request(api('auth/login'), { body: { email: `seller-${unique}@example.test`, password: 'wrong password' } });
        expect(wrong.status).toBe(401);
    });

    it('lets the seller create a product and stock it', async () => {
        const created = await request(api('products'), {
            token: seller.token,
            body: { name: `Desk lamp ${unique}`, price: 24.5, category: `lighting-${unique}`, sku: `LAMP-${unique}`, seller_id: seller.id }
        });
        expect(created.status, created.text).toBe(201);
        product = created.json as Product;
        const stocked = await request(api('inventories'), { token: seller.token, body: { product_id: product.id, quantity: 5 } });
        expect(stocked.status, stocked.text).toBe(201);
        const stock = await request(api(`inventories/${product.id}`));
        expect(stock.status, stock.text).toBe(200);
        expect(stock.json).toMatchObject({ product_id: product.id, quantity: 5 });
    });

    it('finds the product by name, category and SKU', async () => {
        for (const query of [`name=${encodeURIComponent(product.name)}`, `category=lighting-${unique}`, `sku=LAMP-${unique}`]) {
            const page = await search(query);
            expect(page.items.map(p => p.id), query).toEqual([product.id]);
        }
        const one = await request(api(`products/${product.id}`));
        expect(one.json).toMatchObject({ id: product.id, sku: `LAMP-${unique}` });
    });

    it('refuses a write without a token (401) and a customer writing the catalog (403)', async () => {
        const body = { name: 'Intruder', price: 1, category: 'x', sku: `NOPE-${unique}`, seller_id: seller.id };
        const anonymous = await request(api('products'), { body });
        expect(anonymous.status).toBe(401);
        const asCustomer = await request(api('products'), { token: customer.token, body });
        expect(asCustomer.status).toBe(403);
        expect((await search(`sku=NOPE-${unique}`)).total).toBe(0);
    });

    it('refuses a bad body with 400 and a clear message, storing nothing', async () => {
        const bad = await request(api('products'), { token: seller.token, body: { name: 'Broken', price: -3, category: 'x', sku: `BAD-${unique}` } });
        expect(bad.status).toBe(400);
        expect((bad.json as { message: string }).message).toMatch(/price/);
        expect((await search(`sku=BAD-${unique}`)).total).toBe(0);
    });

    it('answers 404 for an unknown id', async () => {
        expect((await request(api('products/987654321'))).status).toBe(404);
        expect((await request(api('inventories/987654321'))).status).toBe(404);
    });

    it('answers 429 to a burst beyond the gateway\'s rate limit', async () => {
        // 20 requests per second with a burst of 40: 120 at once cannot all pass.
        const replies: Reply[] = await Promise.all(Array.from({ length: 120 }, () => request(api('products?limit=1'))));
        const statuses = replies.map(r => r.status);
        expect(statuses.filter(s => s === 429).length).toBeGreaterThan(0);
        expect(statuses.filter(s => s === 200).length).toBeGreaterThan(0);
        expect(statuses.every(s => s === 200 || s === 429)).toBe(true);
        const limited = replies.find(r => r.status === 429)!;
        expect(limited.json).toMatchObject({ statusCode: 429 });
        // Let the bucket drain (40 at 20 per second) so the tests after this one are not limited.
        await new Promise(r => setTimeout(r, 2500));
    });

    describe('orders and payments through the public URL', () => {
        interface Order { readonly id: number; readonly status: string; readonly total: string | number; readonly order_details?: readonly { product_id: number; quantity: number; total_price: string | number }[] }
        interface Payment { readonly id: string; readonly status: string; readonly transaction_id: string | null; readonly total_payment: string | number }
        let second: Product;
        let order: Order;
        let payment: Payment;

        const stockOf = async (id: number) => ((await request(api(`inventories/${id}`))).json as { quantity: number }).quantity;
        const ordersCount = async () => ((await request(api('orders?limit=1'), { token: customer.token })).json as Page<Order>).total;
        const until = async <T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 30_000): Promise<T> => {
            const deadline = Date.now() + ms;
            for (;;) {
                const value = await read();
                if (done(value)) return value;
                if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: last ${JSON.stringify(value)}`);
                await new Promise(r => setTimeout(r, 250));
            }
        };
        const pay = (orderId: number, card: string) => request(api('payments'), {
            token: customer.token,
            body: { order_id: orderId, payment_method: 'credit_card', card_number: card, card_expiry: '12/39' }
        });

        it('orders two lines as the customer: priced from the catalog, totalled, stock taken', async () => {
            const created = await request(api('products'), {
                token: seller.token,
                body: { name: `Desk chair ${unique}`, price: 80, category: `furniture-${unique}`, sku: `CHAIR-${unique}`, seller_id: seller.id }
            });
            expect(created.status, created.text).toBe(201);
            second = created.json as Product;
            expect((await request(api('inventories'), { token: seller.token, body: { product_id: second.id, quantity: 3 } })).status).toBe(201);

            const placed = await request(api('orders'), {
                token: customer.token,
                body: { order_details: [{ product_id: product.id, quantity: 2 }, { product_id: second.id, quantity: 1 }] }
            });
            expect(placed.status, placed.text).toBe(201);
            order = placed.json as Order;
            expect(order.status).toBe('pending');
            expect(Number(order.total)).toBeCloseTo(2 * 24.5 + 80, 2);
            expect(order.order_details?.map(l => Number(l.total_price))).toEqual([49, 80]);
            expect(await stockOf(product.id)).toBe(3);
            expect(await stockOf(second.id)).toBe(2);
        });

        it('refuses an order beyond the stock with 409 and changes nothing', async () => {
            const before = await ordersCount();
            const refused = await request(api('orders'), {
                token: customer.token,
                body: { order_details: [{ product_id: second.id, quantity: 1 }, { product_id: product.id, quantity: 100 }] }
            });
            expect(refused.status, refused.text).toBe(409);
            expect(await stockOf(product.id)).toBe(3);
            expect(await stockOf(second.id)).toBe(2);
            expect(await ordersCount()).toBe(before);
        });

        it('pays the order (202), which becomes paid, the payment stored with its transaction id', async () => {
            const accepted = await pay(order.id, '4111 1111 1111 1111');
            expect(accepted.status, accepted.text).toBe(202);
            payment = accepted.json as Payment;
            expect(payment.status).toBe('pending');
            expect(Number(payment.total_payment)).toBeCloseTo(Number(order.total), 2);
            expect(JSON.stringify(payment)).not.toContain('4111');
            const paid = await until('the order to be paid',
                async () => (await request(api(`orders/${order.id}`), { token: customer.token })).json as Order, o => o.status !== 'pending');
            expect(paid.status).toBe('paid');
            const stored = (await request(api(`payments/${payment.id}`), { token: customer.token })).json as Payment;
            expect(stored.status).toBe('approved');
            expect(stored.transaction_id).toMatch(/^[0-9a-f-]{36}$/);
            payment = stored;
        });

        it('a card that fails the check leaves the order payment_failed', async () => {
            const placed = await request(api('orders'), { token: customer.token, body: { order_details: [{ product_id: second.id, quantity: 1 }] } });
            expect(placed.status, placed.text).toBe(201);
            const failing = placed.json as Order;
            expect((await pay(failing.id, '4111 1111 1111 1112')).status).toBe(202);
            const settled = await until('the order to settle',
                async () => (await request(api(`orders/${failing.id}`), { token: customer.token })).json as Order, o => o.status !== 'pending');
            expect(settled.status).toBe('payment_failed');
        });

        it('a payment message delivered twice changes the payment once', async () => {
            // Publish straight to the broker, as a redelivery would: the same message id twice, the second
            // carrying other values. The payments service records the id with its effect and ignores the repeat.
            const { createRequire } = await import('node:module');
            const { readFileSync } = await import('node:fs');
            const { join } = await import('node:path');
            const amqp = createRequire(join(system().dir, 'package.json'))('amqplib') as {
                connect(url: string): Promise<{ createConfirmChannel(): Promise<{ publish(e: string, k: string, b: Buffer, o: object, cb: (err: unknown) => void): boolean; close(): Promise<void> }>; close(): Promise<void> }>;
            };
            const env = new Map(readFileSync(join(system().dir, '.env'), 'utf8').split('\n')
                .map(l => l.match(/^([A-Z0-9_]+)=(.*)$/)).filter(m => m !== null).map(m => [m![1]!, m![2]!]));
            const rabbit = system().state.processes.find(p => p.label.startsWith('RabbitMQ'))!;
            const url = `amqp://${encodeURIComponent(env.get('RABBITMQ_USER')!)}:${encodeURIComponent(env.get('RABBITMQ_PASSWORD')!)}@127.0.0.1:${rabbit.ports[0]}`;
            const connection = await amqp.connect(url);
            const channel = await connection.createConfirmChannel();
            const send = (transactionId: string) => new Promise<void>((done, fail) => {
                const envelope = { id: `redelivered-${unique}`, channel: 'payments.processed', data: { id: payment.id, order_id: order.id, status: 'approved', transaction_id: transactionId } };
                channel.publish('ecommerce.messages', 'payments.processed', Buffer.from(JSON.stringify(envelope)),
                    { persistent: true, contentType: 'application/json', messageId: envelope.id }, err => (err ? fail(err) : done()));
            });
            const first = '11111111-1111-4111-8111-111111111111';
            const second = '22222222-2222-4222-8222-222222222222';
            try {
                await send(first);
                await until('the first delivery to apply',
                    async () => ((await request(api(`payments/${payment.id}`), { token: customer.token })).json as Payment).transaction_id, t => t === first);
                await send(second);
                await new Promise(r => setTimeout(r, 1500));
                const after = (await request(api(`payments/${payment.id}`), { token: customer.token })).json as Payment;
                expect(after.transaction_id).toBe(first);
                expect(after.status).toBe('approved');
                const all = (await request(api(`payments?order_id=${order.id}`), { token: customer.token })).json as Page<Payment>;
                expect(all.total).toBe(1);
            } finally {
                await channel.close();
                await connection.close();
            }
        });
    });

    // The frontend in headless Chromium: test/e2e/frontend.e2e.test.ts.

    it('stops everything with down', async () => {
        const ports = [...new Set(Object.values(system().state.ports))];
        const down = await system().down();
        expect(down.code, down.stdout + down.stderr).toBe(0);
        const still = [];
        for (const port of ports) if (await listening(port)) still.push(port);
        expect(still).toEqual([]);
    });
});
