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
    });

    // Next round (issue 3): orders and the asynchronous payment flow, then the frontend in headless Chromium.
    describe.skip('orders and payments (next round)', () => {
        it.todo('orders two lines as the customer: priced from the catalog, stock taken');
        it.todo('an order beyond the stock is refused with 409 and changes nothing');
        it.todo('pays the order (202), polls until it is paid, the payment stored with its transaction id');
        it.todo('a payment message delivered twice records one payment');
    });

    describe.skip('the frontend in headless Chromium (next round)', () => {
        it.todo('logs in, adds to the cart, checks out and sees the order status');
    });

    it('stops everything with down', async () => {
        const ports = [...new Set(Object.values(system().state.ports))];
        const down = await system().down();
        expect(down.code, down.stdout + down.stderr).toBe(0);
        const still = [];
        for (const port of ports) if (await listening(port)) still.push(port);
        expect(still).toEqual([]);
    });
});
