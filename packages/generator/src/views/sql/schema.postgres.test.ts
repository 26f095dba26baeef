/** Every generated PostgreSQL schema, loaded into a real PostgreSQL 15: keys, checks and indexes at work. */
import { type ArchitectureModel, isDatabase } from '@archgen/model';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, postgresAvailability, startPostgres } from '../../../../../test/support/postgres.js';
import { generate } from '../../generate.js';
import { file } from '../../test-support/compose.js';
import { cyclicModel, ecommerceModel, minimalModel } from '../../test-support/fixtures.js';

const availability = postgresAvailability();
// In CI a missing PostgreSQL fails the run (beforeAll throws); elsewhere the suite is skipped, saying why.
const run = availability.available || process.env['CI'] === 'true';
const title = `generated schemas on PostgreSQL 15${availability.available ? '' : ` (skipped: ${availability.reason})`}`;

const MODELS: Record<string, ArchitectureModel> = { shop: ecommerceModel, minimal: minimalModel, staff: cyclicModel };

/** The SQLSTATE a statement fails with, or `ok`. */
async function outcome(client: pg.Client, sql: string, params: unknown[] = []): Promise<string> {
    try {
        await client.query(sql, params);
        return 'ok';
    } catch (error) {
        return (error as { code?: string }).code ?? String(error);
    }
}

describe.skipIf(!run)(title, () => {
    let server: PostgresServer | undefined;
    const clients = new Map<string, pg.Client>();
    const db = (key: string): pg.Client => {
        const client = clients.get(key);
        if (!client) throw new Error(`No database '${key}' loaded.`);
        return client;
    };

    beforeAll(async () => {
        server = await startPostgres();
        for (const [prefix, model] of Object.entries(MODELS)) {
            const result = generate(model, { target: 'compose' });
            for (const database of model.components.filter(isDatabase)) {
                const name = `${prefix}_${database.databaseName}`;
                await server.createDatabase(name);
                const client = await server.connect(name);
                clients.set(`${prefix}/${database.serviceName}`, client);
                await client.query(file(result, `databases/${database.serviceName}/schema.sql`).content);
            }
        }
    });

    afterAll(async () => {
        for (const client of clients.values()) await client.end();
        await server?.stop();
    });

    const tables = async (key: string): Promise<string[]> =>
        (await db(key).query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows.map(r => r.t);

    it('loads every schema, with the idempotency table where a consumer owns the database', async () => {
        expect(await tables('shop/users-db')).toEqual(['users']);
        expect(await tables('shop/orders-db')).toEqual(['archgen_processed_messages', 'order_details', 'orders']);
        expect(await tables('shop/payments-db')).toEqual(['archgen_processed_messages', 'payments']);
        expect(await tables('minimal/api-db')).toEqual([]);
        expect(await tables('staff/staff-db')).toEqual(['departments', 'employees']);
    });

    it('refuses NULL in a required column (23502)', async () => {
        expect(await outcome(db('shop/products-db'), 'INSERT INTO products (sku, category, price, seller_id) VALUES ($1, $2, $3, $4)', ['S-0', 'books', 10, 1])).toBe('23502');
    });

    it('refuses values outside CHECK bounds and enums (23514)', async () => {
        const products = db('shop/products-db');
        const insert = 'INSERT INTO products (sku, name, category, price, seller_id) VALUES ($1, $2, $3, $4, $5)';
        expect(await outcome(products, insert, ['S-1', 'Lamp', 'home', -1, 1])).toBe('23514');
        expect(await outcome(products, insert, ['S-1', 'L', 'home', 1, 1])).toBe('23514');
        const orders = db('shop/orders-db');
        expect(await outcome(orders, 'INSERT INTO orders (user_id, status) VALUES (1, $1)', ['shipped'])).toBe('23514');
        const payments = db('shop/payments-db');
        const pay = 'INSERT INTO payments (order_id, amount, card_last4) VALUES ($1, $2, $3)';
        expect(await outcome(payments, pay, [1, 0, '4242'])).toBe('23514');
        expect(await outcome(payments, pay, [1, 10, '42'])).toBe('23514');
    });

    it('refuses a duplicate of a UNIQUE column (23505)', async () => {
        const products = db('shop/products-db');
        const insert = 'INSERT INTO products (sku, name, category, price, seller_id) VALUES ($1, $2, $3, $4, $5)';
        expect(await outcome(products, insert, ['SKU-1', 'Desk lamp', 'home', 19.9, 1])).toBe('ok');
        expect(await outcome(products, insert, ['SKU-1', 'Other lamp', 'home', 9.9, 2])).toBe('23505');
    });

    it('accepts any value in a reference to another database', async () => {
        const products = db('shop/products-db');
        expect(await outcome(products, 'INSERT INTO products (sku, name, category, price, seller_id) VALUES ($1, $2, $3, $4, $5)', ['SKU-2', 'Chair', 'home', 49, 987654])).toBe('ok');
        const comment = await products.query<{ c: string }>("SELECT col_description('products'::regclass, attnum) AS c FROM pg_attribute WHERE attrelid = 'products'::regclass AND attname = 'seller_id'");
        expect(comment.rows[0]!.c).toContain('No foreign key');
    });

    it('enforces foreign keys inside a database and restricts deletes (23503)', async () => {
        const orders = db('shop/orders-db');
        const detail = 'INSERT INTO order_details (order_id, product_id, quantity, unit_price) VALUES ($1, $2, $3, $4)';
        expect(await outcome(orders, detail, [424242, 1, 1, 5])).toBe('23503');
        const order = await orders.query<{ id: number; status: string }>('INSERT INTO orders (user_id) VALUES (7) RETURNING id, status');
        const { id, status } = order.rows[0]!;
        expect(status).toBe('pending');
        expect(await outcome(orders, detail, [id, 1, 0, 5])).toBe('23514');
        expect(await outcome(orders, detail, [id, 1, 2, 5])).toBe('ok');
        // ON DELETE RESTRICT: PostgreSQL reports it as a foreign-key violation too.
        const refused = await orders.query('DELETE FROM orders WHERE id = $1', [id]).then(() => undefined, (e: unknown) => e);
        expect(refused).toMatchObject({ code: '23503', constraint: 'fk_order_details_order_id' });
    });

    it('fills identities, uuids and defaults', async () => {
        const users = db('shop/users-db');
        const user = await users.query<{ id: number; role: string }>(
            'INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id, role', ['ana@example.com', 'Ana', 'x']);
        expect(user.rows[0]).toEqual({ id: 1, role: 'customer' });
        const payment = await db('shop/payments-db').query<{ id: string }>(
            'INSERT INTO payments (order_id, amount, card_last4) VALUES (1, 25.5, $1) RETURNING id', ['4242']);
        expect(payment.rows[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('creates indexes on searched fields and reference columns', async () => {
        const indexes = async (key: string, table: string): Promise<string[]> =>
            (await db(key).query<{ n: string }>('SELECT indexname AS n FROM pg_indexes WHERE tablename = $1 ORDER BY 1', [table])).rows.map(r => r.n);
        expect(await indexes('shop/products-db', 'products')).toEqual([
            'idx_products_category', 'idx_products_name', 'idx_products_seller_id', 'pk_products', 'uq_products_sku'
        ]);
        expect(await indexes('shop/orders-db', 'order_details')).toEqual([
            'idx_order_details_order_id', 'idx_order_details_product_id', 'pk_order_details'
        ]);
        expect(await indexes('shop/inventory-db', 'stocks')).toEqual(['pk_stocks', 'uq_stocks_product_id']);
    });

    it('records processed messages once', async () => {
        const payments = db('shop/payments-db');
        const insert = 'INSERT INTO archgen_processed_messages (message_id, channel) VALUES ($1, $2)';
        expect(await outcome(payments, insert, ['m-1', 'payments.requested'])).toBe('ok');
        expect(await outcome(payments, insert, ['m-1', 'payments.requested'])).toBe('23505');
    });

    it('closes a cycle of foreign keys after both tables exist', async () => {
        const staff = db('staff/staff-db');
        const keys = await staff.query<{ n: string }>("SELECT conname AS n FROM pg_constraint WHERE contype = 'f' ORDER BY 1");
        expect(keys.rows.map(r => r.n)).toEqual(['fk_departments_manager_id', 'fk_employees_department_id', 'fk_employees_mentor_id']);
        expect(await outcome(staff, 'INSERT INTO departments (name, manager_id) VALUES ($1, $2)', ['R&D', 99])).toBe('23503');
    });
});
