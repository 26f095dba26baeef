/**
 * Examples are tests: every model in examples/ checks clean, generates, its
 * compose file validates against the Compose Specification, its Kubernetes
 * manifests against the Kubernetes API schemas, and every schema it generates
 * loads into a real PostgreSQL.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { NodeFileSystem } from 'langium/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { isDatabase, type ArchitectureModel } from '@archgen/model';
import { checkSources, createArchgenServices } from '@archgen/language';
import { generate } from '@archgen/generator';
import type { GenerationResult } from '@archgen/generator';
import { composeSchemaValidator } from '../packages/generator/src/test-support/compose.js';
import {
    CREDENTIAL, INGRESS_CONTROLLER, KUBE_DNS, type KubeObject, connectorEdges, containersOf, edge, manifestsOf, policyTraffic, secretKeyRefs,
    validateObject
} from '../packages/generator/src/test-support/k8s.js';
import { postgresAvailability, startPostgres, type PostgresServer } from './support/postgres.js';

const examplesDir = new URL('../examples/', import.meta.url);
/**
 * A model in one file is `examples/<name>.arch`; a model in several files is
 * a folder `examples/<name>/` whose entry point is `<name>.arch` (it imports
 * the others, which are read from disk).
 */
const names = readdirSync(examplesDir).flatMap(f => {
    if (f.endsWith('.arch')) return [f];
    const entry = `${f}/${f}.arch`;
    return statSync(new URL(f, examplesDir)).isDirectory() && existsSync(new URL(entry, examplesDir)) ? [entry] : [];
}).sort();
const services = createArchgenServices(NodeFileSystem);

async function load(name: string): Promise<{ model?: ArchitectureModel; problems: string[] }> {
    const url = new URL(name, examplesDir);
    const [checked, ...imported] = await checkSources(services, [{ uri: pathToFileURL(url.pathname).toString(), text: readFileSync(url, 'utf8') }]);
    return {
        ...(checked!.model ? { model: checked!.model } : {}),
        problems: [checked!, ...imported].flatMap(file => file.diagnostics.map(d =>
            `${file.uri.split('/examples/')[1]}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`))
    };
}

test('there are examples, among them the e-commerce system in both dialects, a lab, invoicing in three files, streaming and chat', () => {
    expect(names).toEqual(expect.arrayContaining([
        'ecommerce.arch', 'ecommerce-arch-tx.arch', 'lab.arch', 'invoicing/invoicing.arch', 'streaming.arch', 'chat.arch'
    ]));
});

describe.each(names)('examples/%s', name => {
    test('checks with no errors and no warnings', async () => {
        const { model, problems } = await load(name);
        expect(problems).toEqual([]);
        expect(model).toBeDefined();
    });

    test('generates the same bytes twice, and a compose file valid against the Compose Specification', async () => {
        const { model } = await load(name);
        const first = generate(model!, { target: 'compose' });
        const second = generate((await load(name)).model!, { target: 'compose' });
        expect(second).toEqual(first);
        const compose = first.files.find(f => f.path === 'docker-compose.yml');
        expect(compose).toBeDefined();
        const validate = composeSchemaValidator();
        const document = parse(compose!.content) as { services: Record<string, { ports?: unknown[]; healthcheck?: unknown }> };
        expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
        const published = Object.entries(document.services).filter(([, s]) => s.ports).map(([n]) => n);
        const publicOnes = model!.components.filter(c => c.exposure.public).map(c => c.serviceName);
        expect(published).toEqual(publicOnes);
        expect(Object.values(document.services).every(s => s.healthcheck)).toBe(true);
        for (const db of model!.components.filter(isDatabase)) {
            expect(first.files.some(f => f.path === `databases/${db.serviceName}/schema.sql`)).toBe(true);
        }
    });
});

test('the e-commerce example publishes only its entry load balancer', async () => {
    const { model } = await load('ecommerce.arch');
    const document = parse(generate(model!, { target: 'compose' }).files.find(f => f.path === 'docker-compose.yml')!.content) as
        { services: Record<string, { ports?: string[] }> };
    const published = Object.entries(document.services).filter(([, s]) => s.ports).map(([n, s]) => [n, s.ports]);
    expect(published).toEqual([['ecommerce-lb', ['8080:8080']]]);
});

/**
 * The Kubernetes target on every example, and on docs/examples/sensors.arch (MQTT through Mosquitto): each manifest
 * parses and validates against the Kubernetes API schemas, none holds a credential, and the network policies allow
 * exactly the connections the connectors imply (see packages/generator/src/test-support/k8s.ts).
 */
describe.each([...names, '../docs/examples/sensors.arch'])('Kubernetes manifests of examples/%s', name => {
    let model: ArchitectureModel;
    let result: GenerationResult;
    let objects: KubeObject[];
    beforeAll(async () => {
        model = (await load(name)).model!;
        result = generate(model, { target: 'k8s' });
        objects = manifestsOf(result).map(m => m.object);
    });

    test('parse and validate against the Kubernetes API schemas, deterministically', async () => {
        expect(objects.length).toBeGreaterThan(0);
        for (const o of objects) expect(() => validateObject(o), `${o.kind} ${o.metadata.name}`).not.toThrow();
        expect(generate((await load(name)).model!, { target: 'k8s' })).toEqual(result);
    });

    test('hold no credential: only references to the keys of .env, exactly the secrets generate() returns', () => {
        expect(objects.filter(o => o.kind === 'Secret')).toEqual([]);
        const secrets = new Set(result.secrets.map(s => s.name));
        for (const { workload, container } of containersOf(objects)) {
            for (const v of container.env ?? []) {
                if (CREDENTIAL.test(v.name) || secrets.has(v.name)) expect(v.value, `${workload.metadata.name} ${v.name}`).toBeUndefined();
            }
        }
        for (const config of objects.filter(o => o.kind === 'ConfigMap')) {
            for (const key of Object.keys(config.data ?? {})) expect(CREDENTIAL.test(key) || secrets.has(key), key).toBe(false);
        }
        expect(new Set(secretKeyRefs(objects).map(r => r.key))).toEqual(secrets);
    });

    test('allow exactly the traffic of the connectors (and DNS), deny the rest', () => {
        const traffic = policyTraffic(objects);
        const expected = connectorEdges(model);
        expect(traffic.isolated).toEqual(traffic.pods);
        expect([...traffic.ingress].sort()).toEqual([...expected].sort());
        const dns = [...traffic.pods].flatMap(p => [edge(p, KUBE_DNS, 53, 'UDP'), edge(p, KUBE_DNS, 53, 'TCP')]);
        expect([...traffic.egress].sort()).toEqual([...[...expected].filter(e => !e.startsWith(INGRESS_CONTROLLER)), ...dns].sort());
    });
});

const availability = postgresAvailability();
const runPostgres = availability.available || process.env['CI'] === 'true';

describe.skipIf(!runPostgres)(`example schemas on PostgreSQL 15${availability.available ? '' : ` (skipped: ${availability.reason})`}`, () => {
    let server: PostgresServer | undefined;
    beforeAll(async () => {
        server = await startPostgres();
    });
    afterAll(async () => {
        await server?.stop();
    });

    test.each(names)('every schema of %s loads', async name => {
        const { model } = await load(name);
        const result = generate(model!, { target: 'compose' });
        for (const db of model!.components.filter(isDatabase)) {
            const database = `${name.replace(/\W/g, '_')}_${db.databaseName}`;
            await server!.createDatabase(database);
            const client = await server!.connect(database);
            try {
                await client.query(result.files.find(f => f.path === `databases/${db.serviceName}/schema.sql`)!.content);
                const tables = await client.query<{ tablename: string }>(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'archgen_processed_messages' ORDER BY tablename");
                expect(tables.rows.map(r => r.tablename)).toEqual(db.entities.map(e => e.table).sort());
            } finally {
                await client.end();
            }
        }
    });

    test('the e-commerce schemas enforce their rules: stock never negative, order lines need their order', async () => {
        const { model } = await load('ecommerce.arch');
        const result = generate(model!, { target: 'compose' });
        const open = async (dbService: string) => {
            const db = model!.components.filter(isDatabase).find(d => d.serviceName === dbService)!;
            const name = `rules_${db.databaseName}`;
            await server!.createDatabase(name);
            const client = await server!.connect(name);
            await client.query(result.files.find(f => f.path === `databases/${db.serviceName}/schema.sql`)!.content);
            return client;
        };
        const sqlState = async (client: { query: (q: string) => Promise<unknown> }, q: string) => {
            try { await client.query(q); return 'ok'; } catch (e) { return (e as { code: string }).code; }
        };
        const inv = await open('ecommerce-be-inv-db');
        const orders = await open('ecommerce-be-or-db');
        const products = await open('ecommerce-be-pd-db');
        try {
            expect(await sqlState(inv, 'INSERT INTO inventories (product_id, quantity) VALUES (1, 5)')).toBe('ok');
            expect(await sqlState(inv, 'UPDATE inventories SET quantity = quantity - 6 WHERE product_id = 1')).toBe('23514');
            expect(await sqlState(orders, 'INSERT INTO order_details (order_id, product_id, quantity, total_price) VALUES (42, 1, 1, 10)')).toBe('23503');
            expect(await sqlState(orders, "INSERT INTO orders (customer_id, status) VALUES (7, 'shipped')")).toBe('23514');
            const order = await orders.query<{ id: number; status: string }>('INSERT INTO orders (customer_id) VALUES (7) RETURNING id, status');
            expect(order.rows[0]!.status).toBe('pending');
            const id = order.rows[0]!.id;
            expect(await sqlState(orders, `INSERT INTO order_details (order_id, product_id, quantity, total_price) VALUES (${id}, 99, 0, 10)`)).toBe('23514');
            expect(await sqlState(orders, `INSERT INTO order_details (order_id, product_id, quantity, total_price) VALUES (${id}, 99, 2, 10)`)).toBe('ok');
            expect(await sqlState(orders, `DELETE FROM orders WHERE id = ${id}`)).toBe('23503');
            const insert = "INSERT INTO products (name, price, category, sku, seller_id) VALUES ('Lamp', 10, 'home', 'SKU-1', 3)";
            expect(await sqlState(products, insert)).toBe('ok');
            expect(await sqlState(products, insert)).toBe('23505');
            expect(await sqlState(products, "INSERT INTO products (name, price, category, sku, seller_id) VALUES ('Bad', -1, 'home', 'SKU-2', 3)")).toBe('23514');
            const indexes = await products.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'products' ORDER BY indexname");
            expect(indexes.rows.map(r => r.indexname)).toEqual(expect.arrayContaining(['idx_products_name', 'idx_products_category', 'uq_products_sku', 'idx_products_seller_id']));
        } finally {
            await Promise.all([inv.end(), orders.end(), products.end()]);
        }
    });
});
