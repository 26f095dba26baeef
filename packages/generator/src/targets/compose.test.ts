import { type ArchitectureModel, isDatabase } from '@archgen/model';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderDiagramSvg } from '../diagram/index.js';
import { generate } from '../generate.js';
import { allStrings, composeOf, composeSchemaValidator, dotenvValues, file } from '../test-support/compose.js';
import { ALL_MODELS, ecommerceModel, minimalModel, variantsModel } from '../test-support/fixtures.js';

/**
 * A variable that holds a credential: USER, PASSWORD, SECRET as its last word.
 * (`USERS_URL`, the address of a service named `users`, is not one.)
 */
const CREDENTIAL = /(^|_)(USER|USERNAME|PASSWORD|PASS|SECRET)$/;

const compose = (model: ArchitectureModel) => composeOf(generate(model, { target: 'compose' }));

describe.each(Object.entries(ALL_MODELS))('docker-compose.yml of the %s model', (_name, model) => {
    const result = generate(model, { target: 'compose' });
    const doc = composeOf(result);
    const services = Object.entries(doc.services);

    it('is valid against the Compose Specification', () => {
        const validate = composeSchemaValidator();
        expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
    });

    it('names the project and has one service per component and broker', () => {
        expect(doc.name).toBe(model.projectName);
        expect(Object.keys(doc.services)).toEqual([
            ...model.components.map(c => c.serviceName),
            ...model.brokers.map(b => b.name)
        ]);
        for (const c of model.components) expect(doc.services[c.serviceName]!.deploy?.replicas).toBe(c.replicas);
    });

    it('publishes ports for public components only', () => {
        const published = services.filter(([, s]) => s.ports !== undefined).map(([name]) => name);
        expect(published).toEqual(model.components.filter(c => c.exposure.public).map(c => c.serviceName));
    });

    it('gives every service a healthcheck and waits only for healthy dependencies', () => {
        for (const [name, s] of services) {
            expect(s.healthcheck?.test.length, name).toBeGreaterThan(1);
            for (const dep of Object.values(s.depends_on ?? {})) expect(dep.condition).toBe('service_healthy');
        }
    });

    it('declares only the networks in use, data internal', () => {
        const used = new Set(services.flatMap(([, s]) => s.networks ?? []));
        expect(Object.keys(doc.networks ?? {}).sort()).toEqual([...used].sort());
        for (const [name, network] of Object.entries(doc.networks ?? {})) expect(network.internal === true).toBe(name === 'data');
    });

    it('keeps every credential in .env', () => {
        for (const [name, s] of services) {
            for (const [key, value] of Object.entries(s.environment ?? {})) {
                if (CREDENTIAL.test(key)) expect(value, `${name}.${key}`).toMatch(/^\$\{[A-Z0-9_]+\}$/);
            }
        }
        const placeholders = [...dotenvValues(file(result, '.env.example').content).values()];
        const strings = allStrings(doc);
        for (const placeholder of placeholders) {
            expect(strings.filter(s => s.includes(placeholder)), placeholder).toEqual([]);
        }
    });

    it('lists every variable the compose file reads from .env in .env.example and in the secrets', () => {
        // `${NAME}` without a default; `$${...}` is for the container's shell, not compose.
        const read = new Set(allStrings(doc).flatMap(s => [...s.matchAll(/(?<!\$)\$\{([A-Z0-9_]+)\}/g)].map(m => m[1]!)));
        const example = dotenvValues(file(result, '.env.example').content);
        expect([...example.keys()].sort()).toEqual([...read].sort());
        expect(result.secrets.map(s => s.name).sort()).toEqual([...read].sort());
    });
});

describe('compose services of the e-commerce model', () => {
    const doc = compose(ecommerceModel);
    const svc = (name: string) => doc.services[name]!;

    it('publishes only the entry load balancer, on 8080', () => {
        expect(svc('shop-lb').ports).toEqual(['8080:8080']);
        expect(svc('shop-lb').networks).toEqual(['edge', 'app']);
    });

    it('builds services and frontends, mounts nginx configuration for gateways and balancers', () => {
        // The services are one npm workspace: built from the output folder, each with its own Dockerfile.
        expect(svc('users').build).toEqual({ context: '.', dockerfile: 'services/users/Dockerfile' });
        expect(svc('payment-processor').build).toEqual({ context: '.', dockerfile: 'services/payment-processor/Dockerfile' });
        expect(svc('shop-fe').build).toEqual({ context: './frontends/shop-fe' });
        expect(svc('users').healthcheck?.test.join(' ')).toContain('http://127.0.0.1:3000/ready');
        expect(svc('shop-gw').image).toBe('nginx:1.27-alpine');
        expect(svc('shop-gw').volumes).toEqual(['./gateways/shop-gw:/etc/nginx/templates:ro']);
        expect(svc('shop-lb').volumes).toEqual(['./load-balancers/shop-lb:/etc/nginx/templates:ro']);
    });

    it('runs each database on postgres with its schema and a named volume', () => {
        const db = svc('orders-db');
        expect(db.image).toBe('postgres:15-alpine');
        expect(db.environment).toEqual({
            POSTGRES_DB: 'orders_db',
            POSTGRES_USER: '${ORDERS_DB_USER}',
            POSTGRES_PASSWORD: '${ORDERS_DB_PASSWORD}'
        });
        expect(db.volumes).toEqual([
            'orders-db-data:/var/lib/postgresql/data',
            './databases/orders-db/schema.sql:/docker-entrypoint-initdb.d/001-schema.sql:ro'
        ]);
        expect(db.networks).toEqual(['data']);
        expect(db.healthcheck?.test.join(' ')).toContain('pg_isready');
        expect(Object.keys(doc.volumes ?? {})).toEqual([
            'users-db-data', 'products-db-data', 'inventory-db-data', 'orders-db-data', 'payments-db-data', 'rabbitmq-data'
        ]);
    });

    it('runs RabbitMQ on the data network with the MQTT plugin', () => {
        const broker = svc('rabbitmq');
        expect(broker.image).toBe('rabbitmq:3.13-management-alpine');
        expect(broker.networks).toEqual(['data']);
        expect(broker.healthcheck?.test).toEqual(['CMD', 'rabbitmq-diagnostics', '-q', 'ping']);
        const plugins = file(generate(ecommerceModel, { target: 'compose' }), 'brokers/rabbitmq/enabled_plugins').content;
        // After the header (a `%` comment, which Erlang's term reader skips).
        expect(plugins.split('\n').slice(1).join('\n').trim()).toBe('[rabbitmq_management,rabbitmq_prometheus,rabbitmq_mqtt].');
    });

    it('waits for dependencies and brokers', () => {
        expect(Object.keys(svc('orders').depends_on ?? {})).toEqual(['orders-db', 'products', 'rabbitmq']);
        expect(Object.keys(svc('shop-gw').depends_on ?? {})).toEqual(['users', 'products', 'inventory', 'orders', 'payments']);
        expect(svc('users-db').depends_on).toBeUndefined();
    });

    it('sets the environment contract of a service', () => {
        expect(svc('orders').environment).toEqual({
            PORT: '3000',
            SERVICE_NAME: 'orders',
            LISTEN_HOST: '0.0.0.0',
            ORDERS_DB_HOST: 'orders-db',
            ORDERS_DB_PORT: '5432',
            ORDERS_DB_DATABASE: 'orders_db',
            ORDERS_DB_USER: '${ORDERS_DB_USER}',
            ORDERS_DB_PASSWORD: '${ORDERS_DB_PASSWORD}',
            RABBITMQ_HOST: 'rabbitmq',
            RABBITMQ_PORT: '5672',
            RABBITMQ_USER: '${RABBITMQ_USER}',
            RABBITMQ_PASSWORD: '${RABBITMQ_PASSWORD}',
            MQTT_HOST: 'rabbitmq',
            MQTT_PORT: '1883',
            MQTT_USER: '${RABBITMQ_USER}',
            MQTT_PASSWORD: '${RABBITMQ_PASSWORD}',
            PRODUCTS_HOST: 'products',
            PRODUCTS_PORT: '3000',
            PRODUCTS_URL: 'http://products:3000',
            PAYMENTS_PROCESSED_DELAY_MS: '${PAYMENTS_PROCESSED_DELAY_MS:-0}'
        });
    });

    it('gives the JWT secret to the token issuer only, and the delay to the consumer', () => {
        const holders = Object.entries(doc.services).filter(([, s]) => s.environment?.['JWT_SECRET']).map(([n]) => n);
        expect(holders).toEqual(['users']);
        expect(svc('users').environment?.['JWT_TTL_SECONDS']).toBe('3600');
        expect(svc('payment-processor').environment?.['PAYMENTS_REQUESTED_DELAY_MS']).toBe('${PAYMENTS_REQUESTED_DELAY_MS:-30000}');
        expect(svc('shop-gw').environment?.['USERS_URL']).toBe('http://users:3000');
        expect(svc('shop-lb').environment?.['SHOP_FE_URL']).toBe('http://shop-fe:8080');
    });
});

describe('compose variants', () => {
    it('runs MySQL with a root password from .env', () => {
        const db = compose(variantsModel).services['catalog-db']!;
        expect(db.image).toBe('mysql:8.4');
        expect(db.environment).toEqual({
            MYSQL_DATABASE: 'catalog_db',
            MYSQL_USER: '${CATALOG_DB_USER}',
            MYSQL_PASSWORD: '${CATALOG_DB_PASSWORD}',
            MYSQL_ROOT_PASSWORD: '${CATALOG_DB_ROOT_PASSWORD}'
        });
        expect(db.volumes?.[0]).toBe('catalog-db-data:/var/lib/mysql');
    });

    it('runs Mosquitto with its generated configuration', () => {
        const result = generate(variantsModel, { target: 'compose' });
        const broker = composeOf(result).services['mosquitto']!;
        expect(broker.image).toBe('eclipse-mosquitto:2');
        expect(broker.volumes).toContain('./brokers/mosquitto/mosquitto.conf:/mosquitto/config/mosquitto.conf:ro');
        expect(file(result, 'brokers/mosquitto/mosquitto.conf').content).toContain('listener 1883');
        expect(composeOf(result).services['notifier']!.environment).toMatchObject({ MQTT_HOST: 'mosquitto', MQTT_PORT: '1883' });
    });

    it('gives the arch.tx dialect a runnable default', () => {
        const doc = compose(minimalModel);
        expect(doc.services['lb']!.ports).toEqual(['8080:8080']);
        expect(Object.keys(doc.networks ?? {})).toEqual(['edge', 'app', 'data']);
        const databases = minimalModel.components.filter(isDatabase).map(d => d.serviceName);
        expect(databases.every(d => doc.services[d]!.healthcheck !== undefined)).toBe(true);
    });
});

describe('generated tree (golden files)', () => {
    it.each(['ecommerce', 'variants'])('%s', async name => {
        const folder = fileURLToPath(new URL(`./__golden__/${name}`, import.meta.url));
        const firstRun = !existsSync(folder);
        // The e-commerce tree with its rendered diagram, as the CLI writes it; the variants without one (the README
        // points at diagram.mmd instead).
        const model = ALL_MODELS[name]!;
        const options = name === 'ecommerce' ? { target: 'compose', diagram: { svg: await renderDiagramSvg(model) } } as const : { target: 'compose' } as const;
        // Vendored files (public/vendor/: Bootstrap) are copies of an npm package, tested in views/nginx/frontend.test.ts.
        const files = generate(model, options).files.filter(f => !f.path.includes('/vendor/'));
        for (const f of files) {
            await expect(f.content).toMatchFileSnapshot(`./__golden__/${name}/${f.path}.golden`);
        }
        if (firstRun) return; // vitest writes new golden files once the test file ends.
        // No stale golden file for something no longer generated.
        const golden = readdirSync(folder, { recursive: true, withFileTypes: true })
            .filter(e => e.isFile())
            .map(e => relative(folder, join(e.parentPath, e.name)).split(sep).join('/'));
        expect(golden.sort()).toEqual(files.map(f => `${f.path}.golden`).sort());
    });
});
