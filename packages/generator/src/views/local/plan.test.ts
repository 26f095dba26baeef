import { type ArchitectureModel, isDatabase } from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { collectSecrets } from '../../secrets.js';
import { database, dbConnector, frontend, loadBalancer, publicOn, service } from '../../test-support/builders.js';
import { cyclicModel, ecommerceModel, variantsModel } from '../../test-support/fixtures.js';
import { type ComponentUnit, type LocalPlan, PER_PROCESS_VARS, localPlan } from './plan.js';

const componentUnit = (plan: LocalPlan, id: string): ComponentUnit => {
    const unit = plan.units.find(u => u.id === id);
    if (!unit || (unit.kind !== 'service' && unit.kind !== 'nginx')) throw new Error(`No component unit '${id}'.`);
    return unit;
};
const envOf = (plan: LocalPlan, id: string): Record<string, string> =>
    Object.fromEntries(componentUnit(plan, id).env.map(v => [v.name, v.value]));

describe('localPlan: the e-commerce system', () => {
    const plan = localPlan(ecommerceModel);

    it('starts servers first, then each component after what it calls, the public balancer last', () => {
        expect(plan.waves).toEqual([
            ['postgres', 'rabbitmq'],
            ['users', 'products', 'inventory', 'payments', 'payment-processor'],
            ['orders'],
            ['shop-gw'],
            ['shop-fe'],
            ['shop-lb']
        ]);
        expect(plan.units.map(u => u.id)).toEqual(plan.waves.flat());
        expect(componentUnit(plan, 'orders').after).toEqual(['postgres', 'products', 'rabbitmq']);
        expect(plan.entry).toBe('shop-lb');
        expect(plan.droppedDependencies).toEqual([]);
    });

    it('needs PostgreSQL, RabbitMQ, nginx and npm', () => {
        expect(plan.requires).toEqual({ postgres: true, nginx: true, rabbitmq: true, mosquitto: false, npm: true });
        expect(plan.unsupported).toEqual([]);
    });

    it('puts every database in one cluster, each with its user, password and schema', () => {
        const postgres = plan.units.find(u => u.kind === 'postgres');
        expect(postgres?.kind === 'postgres' && postgres.databases.map(d => [d.name, d.user, d.schema])).toEqual(
            ecommerceModel.components.filter(isDatabase).map(db => [
                db.databaseName,
                `@{secret:${db.serviceName.toUpperCase().replace(/-/g, '_')}_USER}`,
                `databases/${db.serviceName}/schema.sql`
            ])
        );
        expect(envOf(plan, 'users')).toMatchObject({ USERS_DB_HOST: '@{host}', USERS_DB_PORT: '@{port:postgres:5432}', USERS_DB_DATABASE: 'users_db' });
    });

    it('gives each replica its own port, names it, and lists every replica in the upstreams', () => {
        expect(envOf(plan, 'products')).toMatchObject({ PORT: '@{port:products:3000}', LISTEN_HOST: '@{host}', INSTANCE_ID: '@{instance}' });
        expect(componentUnit(plan, 'products').replicas).toBe(2);
        expect(envOf(plan, 'shop-gw')['PRODUCTS_SERVERS']).toBe('server @{host}:@{port:products:3000#0}; server @{host}:@{port:products:3000#1};');
        expect(envOf(plan, 'shop-lb')['SHOP_FE_SERVERS']).toBe(
            'server @{host}:@{port:shop-fe:8080#0} max_fails=3 fail_timeout=10s; server @{host}:@{port:shop-fe:8080#1} max_fails=3 fail_timeout=10s;');
        // A service calls every replica of another in turn (nothing balances in front of them natively).
        expect(envOf(plan, 'orders')).toMatchObject({ PRODUCTS_URL: 'http://@{host}:@{port:products:3000#0},http://@{host}:@{port:products:3000#1}' });
    });

    it('serves a frontend from its public folder, and reaches the broker on its own ports', () => {
        expect(envOf(plan, 'shop-fe')).toMatchObject({ STATIC_ROOT: '@{dir}/frontends/shop-fe/public', LISTEN_HOST: '@{host}' });
        expect(envOf(plan, 'shop-fe')['INSTANCE_ID']).toBeUndefined();
        expect(envOf(plan, 'payment-processor')).toMatchObject({
            RABBITMQ_PORT: '@{port:rabbitmq:5672}', MQTT_PORT: '@{port:rabbitmq:1883}', MQTT_PASSWORD: '@{secret:RABBITMQ_PASSWORD}'
        });
        const rabbit = plan.units.find(u => u.kind === 'rabbitmq');
        expect(rabbit).toMatchObject({ ports: [5672, 1883, 'dist', 'epmd'], mqtt: true, user: '@{secret:RABBITMQ_USER}' });
    });

    it('knows the secrets .env holds, and the settings with their defaults', () => {
        expect(plan.secrets.map(s => s.name)).toEqual(collectSecrets(ecommerceModel).map(s => s.name));
        expect(plan.secrets.find(s => s.name === 'USERS_DB_USER')).toMatchObject({ kind: 'username', suggested: 'users_db_user' });
        expect(plan.settings).toEqual([
            { name: 'PAYMENTS_PROCESSED_DELAY_MS', default: '0', description: "Milliseconds a consumer of 'payments.processed' waits before processing a message." },
            { name: 'PAYMENTS_REQUESTED_DELAY_MS', default: '30000', description: "Milliseconds a consumer of 'payments.requested' waits before processing a message." }
        ]);
        expect(envOf(plan, 'payment-processor')['PAYMENTS_REQUESTED_DELAY_MS']).toBe('@{setting:PAYMENTS_REQUESTED_DELAY_MS}');
    });

    it('lets the environment override fixed values only: no address, no per-process variable, no secret by another name', () => {
        expect(plan.overridable).toEqual(expect.arrayContaining(['JWT_TTL_SECONDS', 'USERS_DB_DATABASE']));
        for (const name of plan.overridable) {
            expect(PER_PROCESS_VARS).not.toContain(name);
            expect(name).not.toMatch(/_(HOST|PORT|URL|SERVERS|USER|PASSWORD)$/);
        }
    });

    it('is the same JSON every time', () => {
        expect(JSON.stringify(localPlan(ecommerceModel))).toBe(JSON.stringify(plan));
    });
});

describe('localPlan: other shapes', () => {
    it('refuses MySQL, and runs Mosquitto', () => {
        const plan = localPlan(variantsModel);
        expect(plan.unsupported).toEqual(["Database 'catalog_db' uses MySQL, which run-local.sh does not start: use docker compose."]);
        expect(plan.requires).toMatchObject({ postgres: false, mosquitto: true, rabbitmq: false });
        expect(plan.units.find(u => u.kind === 'mosquitto')).toMatchObject({ id: 'mosquitto', ports: [1883] });
        expect(envOf(plan, 'notifier')).toMatchObject({ MQTT_HOST: '@{host}', MQTT_PORT: '@{port:mosquitto:1883}' });
    });

    it('enters through the public component, a service here', () => {
        expect(localPlan(cyclicModel).entry).toBe('staff');
    });

    it('names the cluster apart from a component called postgres', () => {
        const model: ArchitectureModel = {
            ...cyclicModel,
            components: [
                service('postgres', { databases: ['pg_db'], dependsOn: ['pg_db'], exposure: publicOn(80) }),
                database('pg_db', ['postgres'], [])
            ],
            connectors: [dbConnector('postgres', 'pg_db')]
        };
        const plan = localPlan(model);
        expect(plan.units.map(u => u.id)).toEqual(['postgres-2', 'postgres']);
        expect(envOf(plan, 'postgres')).toMatchObject({ PORT: '@{port:postgres:3000}', PG_DB_PORT: '@{port:postgres-2:5432}' });
    });

    it('needs neither npm nor PostgreSQL for a static site behind a balancer', () => {
        const model: ArchitectureModel = {
            ...cyclicModel,
            components: [loadBalancer('lb', ['site'], { exposure: publicOn(80) }), frontend('site', [])],
            connectors: []
        };
        expect(localPlan(model).requires).toEqual({ postgres: false, nginx: true, rabbitmq: false, mosquitto: false, npm: false });
        expect(localPlan(model).waves).toEqual([['site'], ['lb']]);
    });
});
