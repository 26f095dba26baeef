import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
    allEntities, findComponent, isDatabase, isGateway, isService,
    type ArchitectureModel, type DatabaseComponent, type GatewayComponent, type LoadBalancerComponent, type ServiceComponent
} from '@archgen/model';
import { check } from '../test-support/index.js';

const examples = new URL('../../../../examples/', import.meta.url);
const seed = readFileSync(new URL('../../../../test/fixtures/seed/model.arch', import.meta.url), 'utf8');

async function model(text: string): Promise<ArchitectureModel> {
    const result = await check(text);
    expect(result.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
    expect(result.model).toBeDefined();
    return result.model!;
}

function component<T>(m: ArchitectureModel, name: string): T {
    const c = findComponent(m, name);
    expect(c, name).toBeDefined();
    return c as T;
}

describe('IR of the original dialect', () => {
    test('the seed model with message_queue builds, with defaults applied', async () => {
        const m = await model(seed.replace('mq_connector', 'message_queue'));
        expect(m.name).toMatch(/^model\d+$/); // no name after `architecture`: the file name
        expect(m.components).toHaveLength(14);
        expect(m.connectors).toHaveLength(13);
        // Nothing declares `public`: the frontend nothing calls is the entry.
        const publicOnes = m.components.filter(c => c.exposure.public).map(c => [c.name, c.exposure.port]);
        expect(publicOnes).toEqual([['ecommerce_fe', 8080]]);
        expect(m.components.every(c => c.replicas === 1)).toBe(true);
        const db = component<DatabaseComponent>(m, 'ecommerce_be_usr_db');
        expect(db.engine).toBe('postgres');
        expect(db.entities).toEqual([]);
        expect(db.owners).toEqual(['ecommerce_be_usr']);
        expect(db.zones).toEqual(['data']);
        const usr = component<ServiceComponent>(m, 'ecommerce_be_usr');
        expect(usr.databases).toEqual(['ecommerce_be_usr_db']);
        expect(usr.zones).toEqual(['app', 'data']);
        expect(m.brokers).toEqual([{
            name: 'rabbitmq', engine: 'rabbitmq', protocols: ['amqp'],
            channels: ['ecommerce_be_pmt.ecommerce_be_pmt_rep']
        }]);
        const mq = m.connectors.find(c => c.kind === 'message_queue')!;
        expect(mq.message).toMatchObject({ channel: 'ecommerce_be_pmt.ecommerce_be_pmt_rep', delayMs: 0, delivery: 'at_least_once', actions: [] });
    });

    test('a gateway with no routes exposes every service it reaches, through the load balancer', async () => {
        const m = await model(seed.replace('mq_connector', 'message_queue'));
        const gw = component<GatewayComponent>(m, 'ecommerce_ag_us');
        expect(gw.routes.map(r => [r.prefix, r.service, r.via])).toEqual([
            ['/api/ecommerce-be-usr', 'ecommerce_be_usr', 'ecommerce_lb'],
            ['/api/ecommerce-be-or', 'ecommerce_be_or', 'ecommerce_lb'],
            ['/api/ecommerce-be-pd', 'ecommerce_be_pd', 'ecommerce_lb'],
            ['/api/ecommerce-be-inv', 'ecommerce_be_inv', 'ecommerce_lb'],
            ['/api/ecommerce-be-pmt', 'ecommerce_be_pmt', 'ecommerce_lb']
        ]);
        expect(gw.routes.every(r => r.implicit)).toBe(true);
        expect(gw.auth).toBeUndefined();
        expect(gw.rateLimit).toEqual({ requests: 10, per: 'second', burst: 20 });
        expect(gw.maxBodySize).toBe('1m');
    });

    test('every node carries its source location', async () => {
        const m = await model(seed.replace('mq_connector', 'message_queue'));
        const fe = component<ServiceComponent>(m, 'ecommerce_fe');
        expect(fe.source.range.start).toEqual({ line: 2, character: 4 });
        const last = m.connectors.at(-1)!;
        expect(last.source.range.start.line).toBe(30);
    });
});

describe('IR of the e-commerce example', () => {
    const text = readFileSync(new URL('ecommerce.arch', examples), 'utf8');

    test('exposure, replicas and zones', async () => {
        const m = await model(text);
        expect(m.name).toBe('ecommerce');
        expect(m.components.filter(c => c.exposure.public).map(c => c.name)).toEqual(['ecommerce_lb']);
        expect(component<ServiceComponent>(m, 'ecommerce_fe').replicas).toBe(2);
        expect(component<ServiceComponent>(m, 'ecommerce_lb').zones).toEqual(['edge', 'app']);
        expect(m.components.filter(c => c.zones.includes('edge')).map(c => c.name)).toEqual(['ecommerce_lb']);
    });

    test('entities: keys, references, defaults and names', async () => {
        const m = await model(text);
        const entities = allEntities(m);
        expect(entities.map(e => [e.name, e.table, e.resource, e.owner])).toEqual([
            ['User', 'users', 'users', 'ecommerce_be_usr'],
            ['Product', 'products', 'products', 'ecommerce_be_pd'],
            ['Inventory', 'inventories', 'inventories', 'ecommerce_be_inv'],
            ['Order', 'orders', 'orders', 'ecommerce_be_or'],
            ['OrderDetail', 'order_details', 'order-details', 'ecommerce_be_or'],
            ['Payment', 'payments', 'payments', 'ecommerce_be_pmt']
        ]);
        const detail = entities.find(e => e.name === 'OrderDetail')!;
        const orderId = detail.fields.find(f => f.name === 'order_id')!;
        expect(orderId.references).toEqual({ entity: 'Order', table: 'orders', column: 'id', database: 'ecommerce_be_or_db', foreignKey: true });
        expect(orderId.indexed).toBe(true);
        const productId = detail.fields.find(f => f.name === 'product_id')!;
        expect(productId.references?.foreignKey).toBe(false); // another service's data
        const payment = entities.find(e => e.name === 'Payment')!;
        expect(payment.fields[0]).toMatchObject({ name: 'id', primaryKey: true, required: true, default: { kind: 'random_uuid' }, generated: true });
        const status = payment.fields.find(f => f.name === 'status')!;
        expect(status.type).toEqual({ name: 'enum', values: ['pending', 'approved', 'declined'] });
        expect(status.default).toEqual({ kind: 'enum', value: 'pending' });
        const product = entities.find(e => e.name === 'Product')!;
        expect(product.fields.find(f => f.name === 'price')).toMatchObject({ type: { name: 'decimal', precision: 10, scale: 2 }, min: 0, required: true });
        expect(product.fields.find(f => f.name === 'category')?.doc).toBe("The seed's product type.");
        expect(product.fields.find(f => f.name === 'created_at')?.default).toEqual({ kind: 'now' });
    });

    test('gateway: explicit routes, auth with roles, public routes and restrictions', async () => {
        const m = await model(text);
        const gw = m.components.find(isGateway)!;
        expect(gw.routes.map(r => r.prefix)).toContain('/api/order-details');
        expect(gw.routes.every(r => !r.implicit && r.via === r.service)).toBe(true);
        expect(gw.auth).toMatchObject({ scheme: 'jwt', issuer: 'ecommerce_be_usr', roles: ['customer', 'seller'], tokenTtlSeconds: 3600 });
        expect(gw.publicRoutes.map(r => `${r.methods.join(',')} ${r.path}`)).toEqual([
            'POST /api/auth/register', 'POST /api/auth/login', 'GET /api/products', 'GET /api/inventories'
        ]);
        expect(gw.restrictions.find(r => r.path === '/api/orders')).toMatchObject({ methods: ['POST'], roles: ['customer'] });
        expect(gw.rateLimit).toEqual({ requests: 20, per: 'second', burst: 40 });
        expect(gw.corsOrigins).toEqual(['http://localhost:8080']);
        expect(component<ServiceComponent>(m, 'ecommerce_be_usr').issuesTokens).toBe(true);
    });

    test('the payment flow: channels, payloads shared per channel, delay and actions', async () => {
        const m = await model(text);
        const pmt = component<ServiceComponent>(m, 'ecommerce_be_pmt');
        expect(pmt.publishes).toEqual(['payments.requested']);
        expect(pmt.consumes).toEqual(['payments.processed']);
        const [requested, processed, settled] = m.connectors.filter(c => c.kind === 'message_queue').map(c => c.message!);
        expect(requested).toMatchObject({ channel: 'payments.requested', broker: 'rabbitmq', protocol: 'amqp', delayMs: 30_000, trigger: { operation: 'create', entity: 'Payment' } });
        expect(requested!.actions.map(a => a.kind)).toEqual(['validate_card', 'publish']);
        expect(processed!.payload.fields.map(f => f.name)).toEqual(['id', 'order_id', 'status', 'transaction_id']);
        // The third connector declares no payload: it shares its channel's.
        expect(settled!.payload.fields.map(f => f.name)).toEqual(['id', 'order_id', 'status', 'transaction_id']);
        expect(settled!.actions[0]).toMatchObject({
            kind: 'update', entity: 'Order',
            set: [{ field: 'status', value: { kind: 'literal', value: 'paid' } }],
            where: { field: 'id', value: { kind: 'field', field: 'order_id' } },
            when: { field: 'status', value: { kind: 'literal', value: 'approved' } }
        });
        expect(m.brokers.map(b => [b.name, b.channels])).toEqual([['rabbitmq', ['payments.processed', 'payments.requested']]]);
    });
});

describe('defaults', () => {
    test('an entity without a key gets an implicit serial id', async () => {
        const m = await model(`architecture shop:
            component backend api
            component database db { entity Note { body text required } }
            connector db_connector api -> db`);
        const note = m.components.filter(isDatabase)[0]!.entities[0]!;
        expect(note.fields.map(f => [f.name, f.type.name, f.primaryKey])).toEqual([['id', 'serial', true], ['body', 'text', false]]);
        expect(note.primaryKey).toEqual(['id']);
    });

    test('dependsOn lists every call, even when http calls form a cycle (the generator breaks cycles for start-up order)', async () => {
        const m = await model(`architecture loop:
            component backend a
            component backend b
            connector http a -> b
            connector http b -> a`);
        const a = component<ServiceComponent>(m, 'a');
        const b = component<ServiceComponent>(m, 'b');
        expect(a.dependsOn).toEqual(['b']);
        expect(b.dependsOn).toEqual(['a']);
        expect(m.components.filter(isService).every(s => s.calls.length === 1)).toBe(true);
    });

    test('a load balancer in an http cycle keeps its target (fuzz seed 1001452)', async () => {
        const m = await model(`architecture loop:
            component backend svc
            component load_balancer lb
            connector http svc -> lb
            connector http lb -> svc`);
        expect(component<LoadBalancerComponent>(m, 'lb').dependsOn).toEqual(['svc']);
        expect(component<ServiceComponent>(m, 'svc').dependsOn).toEqual(['lb']);
    });

    test('public components without a port get 8080, 8081 in order, skipping declared ports', async () => {
        const m = await model(`architecture ports:
            component load_balancer a { public }
            component load_balancer b { public port 8080 }
            component backend x
            connector http a -> x
            connector http b -> x`);
        expect(m.components.filter(c => c.exposure.public).map(c => [c.name, c.exposure.port])).toEqual([['a', 8081], ['b', 8080]]);
    });

    test('service names are container and Kubernetes safe', async () => {
        const m = await model(`architecture Tienda:
            component frontend Tienda_Web
            component backend pedido_año
            connector http Tienda_Web -> pedido_año`);
        expect(m.projectName).toBe('tienda');
        expect(m.components.map(c => c.serviceName)).toEqual(['tienda-web', 'pedido-ano']);
    });

    test('any keyword but architecture, component and connector is still a name, as in arch.tx', async () => {
        const m = await model(`architecture:
            component backend public
            component database default
            component frontend pedido_año
            connector db_connector public -> default
            connector http pedido_año -> public`);
        expect(m.components.map(c => c.serviceName)).toEqual(['public', 'default', 'pedido-ano']);
    });

    test('names without Latin letters get distinct stable service names', async () => {
        const m = await model(`architecture:
            component frontend 注文
            component backend 在庫
            connector http 注文 -> 在庫`);
        const [a, b] = m.components.map(c => c.serviceName);
        expect(a).toMatch(/^c-[0-9a-f]{8}$/);
        expect(b).toMatch(/^c-[0-9a-f]{8}$/);
        expect(a).not.toBe(b);
    });

    test('decimal(p) has scale 0; strings keep inner quotes', async () => {
        const m = await model(`architecture:
            component backend api
            component database db { entity Thing { amount decimal(5) label string(10) default "'x'" } }
            connector db_connector api -> db`);
        const fields = m.components.filter(isDatabase)[0]!.entities[0]!.fields;
        expect(fields.find(f => f.name === 'amount')!.type).toEqual({ name: 'decimal', precision: 5, scale: 0 });
        expect(fields.find(f => f.name === 'label')!.default).toEqual({ kind: 'string', value: "'x'" });
    });

    test('with explicit routes and auth, register and login stay routed to the issuer', async () => {
        const m = await model(`architecture:
            component api_gateway gw { auth jwt issuer users  route "/api/notes" -> notes }
            component backend users
            component backend notes
            component database users_db { entity User { id serial primary key  email string(100) required } }
            connector http gw -> users
            connector http gw -> notes
            connector db_connector users -> users_db`);
        const gw = m.components.find(isGateway)!;
        expect(gw.routes.map(r => [r.prefix, r.service, r.implicit])).toEqual([['/api/auth', 'users', true], ['/api/notes', 'notes', false]]);
    });

    test('a trigger can name any operation, update included', async () => {
        const m = await model(`architecture:
            component backend orders
            component mqtp audit
            component database db { entity Order { id serial primary key } }
            connector db_connector orders -> db
            connector message_queue orders -> audit { trigger update Order }`);
        expect(m.connectors.at(-1)!.message!.trigger).toEqual({ operation: 'update', entity: 'Order' });
    });
});

