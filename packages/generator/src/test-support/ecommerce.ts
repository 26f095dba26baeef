/** The e-commerce system of the seed, as the language package would build it. */
import type { ArchitectureModel, GatewayRoute, MessageChannel } from '@archgen/model';
import {
    at, database, dbConnector, entity, field, frontend, gateway, httpConnector, loadBalancer, publicOn, queueConnector,
    rabbitmq, ref, serialId, service
} from './builders.js';

const timestamps = (line: number) => field('createdAt', { name: 'timestamp' }, { required: true, default: { kind: 'now' }, generated: true, line });

const User = entity('User', 'users', 'users_db', 'users', [
    serialId(31),
    field('email', { name: 'string', length: 255 }, { required: true, unique: true, line: 32 }),
    field('name', { name: 'string', length: 120 }, { required: true, min: 2, line: 33 }),
    field('passwordHash', { name: 'string', length: 255 }, { required: true, line: 34 }),
    field('role', { name: 'enum', values: ['customer', 'seller', 'admin'] }, { required: true, default: { kind: 'enum', value: 'customer' }, line: 35 }),
    timestamps(36)
], 30);

const Product = { ...entity('Product', 'products', 'products_db', 'products', [
    serialId(41),
    field('sku', { name: 'string', length: 64 }, { required: true, unique: true, indexed: true, line: 42 }),
    field('name', { name: 'string', length: 200 }, { required: true, indexed: true, min: 2, doc: 'Shown in the catalogue.', line: 43 }),
    field('category', { name: 'string', length: 100 }, { required: true, indexed: true, line: 44 }),
    field('description', { name: 'text' }, { line: 45 }),
    field('price', { name: 'decimal', precision: 10, scale: 2 }, { required: true, min: 0, line: 46 }),
    field('sellerId', { name: 'int' }, { required: true, references: ref('User', 'users', 'users_db', false), line: 47 }),
    field('attributes', { name: 'json' }, { line: 48 }),
    field('active', { name: 'boolean' }, { required: true, default: { kind: 'boolean', value: true }, line: 49 }),
    timestamps(50)
], 40), doc: "The catalogue: what sellers offer. It's searched by name, category and SKU." };

const Stock = entity('Stock', 'stocks', 'inventory_db', 'inventory', [
    serialId(56),
    field('productId', { name: 'int' }, { required: true, unique: true, references: ref('Product', 'products', 'products_db', false), line: 57 }),
    field('quantity', { name: 'int' }, { required: true, min: 0, default: { kind: 'number', value: 0 }, line: 58 }),
    field('updatedAt', { name: 'timestamp' }, { required: true, default: { kind: 'now' }, generated: true, line: 59 })
], 55);

// OrderDetail is declared before Order: the schema must still create orders first.
const OrderDetail = entity('OrderDetail', 'order_details', 'orders_db', 'orders', [
    serialId(64),
    field('orderId', { name: 'int' }, { required: true, references: ref('Order', 'orders', 'orders_db', true), line: 65 }),
    field('productId', { name: 'int' }, { required: true, references: ref('Product', 'products', 'products_db', false), line: 66 }),
    field('quantity', { name: 'int' }, { required: true, min: 1, max: 1000, line: 67 }),
    field('unitPrice', { name: 'decimal', precision: 10, scale: 2 }, { required: true, min: 0, line: 68 })
], 63);

const Order = entity('Order', 'orders', 'orders_db', 'orders', [
    serialId(71),
    field('userId', { name: 'int' }, { required: true, references: ref('User', 'users', 'users_db', false), line: 72 }),
    field('status', { name: 'enum', values: ['pending', 'paid', 'cancelled'] }, { required: true, default: { kind: 'enum', value: 'pending' }, line: 73 }),
    field('total', { name: 'decimal', precision: 12, scale: 2 }, { required: true, min: 0, default: { kind: 'number', value: 0 }, line: 74 }),
    field('placedOn', { name: 'date' }, { required: true, default: { kind: 'now' }, generated: true, line: 75 }),
    timestamps(76)
], 70);

const Payment = entity('Payment', 'payments', 'payments_db', 'payments', [
    field('id', { name: 'uuid' }, { primaryKey: true, required: true, default: { kind: 'random_uuid' }, generated: true, line: 81 }),
    field('orderId', { name: 'int' }, { required: true, references: ref('Order', 'orders', 'orders_db', false), line: 82 }),
    field('amount', { name: 'decimal', precision: 12, scale: 2 }, { required: true, min: 0.01, line: 83 }),
    field('status', { name: 'enum', values: ['pending', 'approved', 'declined'] }, { required: true, default: { kind: 'enum', value: 'pending' }, line: 84 }),
    field('transactionId', { name: 'string', length: 64 }, { unique: true, line: 85 }),
    field('cardLast4', { name: 'string', length: 4 }, { required: true, min: 4, max: 4, line: 86 }),
    timestamps(87)
], 80);

const BACKENDS = ['users', 'products', 'inventory', 'orders', 'payments'] as const;

const requested: MessageChannel = {
    channel: 'payments.requested',
    broker: 'rabbitmq',
    engine: 'rabbitmq',
    protocol: 'mqtt',
    payload: { entity: 'Payment', fields: Payment.fields },
    delivery: 'at_least_once',
    delayMs: 30000,
    trigger: { operation: 'create', entity: 'Payment' },
    actions: [
        { kind: 'validate_card', numberField: 'card_number', expiryField: 'card_expiry', source: at(101) },
        { kind: 'update', entity: 'Payment', set: [{ field: 'status', value: { kind: 'field', field: 'status' } }], where: { field: 'id', value: { kind: 'field', field: 'id' } }, source: at(102) },
        { kind: 'publish', channel: 'payments.processed', source: at(103) }
    ]
};

const processed: MessageChannel = {
    channel: 'payments.processed',
    broker: 'rabbitmq',
    engine: 'rabbitmq',
    protocol: 'amqp',
    payload: { entity: 'Payment', fields: Payment.fields },
    delivery: 'at_least_once',
    delayMs: 0,
    actions: [{
        kind: 'update',
        entity: 'Order',
        set: [{ field: 'status', value: { kind: 'literal', value: 'paid' } }],
        where: { field: 'id', value: { kind: 'field', field: 'orderId' } },
        when: { field: 'status', value: { kind: 'literal', value: 'approved' } },
        source: at(108)
    }]
};

const routes: GatewayRoute[] = [
    { prefix: '/api/auth', service: 'users', via: 'users', implicit: false, source: at(20) },
    ...['users', 'products', 'stocks', 'orders', 'order-details', 'payments'].map((resource): GatewayRoute => {
        const owner = { users: 'users', products: 'products', stocks: 'inventory', orders: 'orders', 'order-details': 'orders', payments: 'payments' }[resource]!;
        return { prefix: `/api/${resource}`, service: owner, via: owner, implicit: true, source: at(19) };
    })
];

export const ecommerceModel: ArchitectureModel = {
    name: 'E-commerce',
    projectName: 'ecommerce',
    doc: 'The e-commerce system of the seed.',
    source: at(0),
    components: [
        loadBalancer('shop_lb', ['shop_fe'], { exposure: publicOn(8080, true), zones: ['edge', 'app'], line: 3 }),
        frontend('shop_fe', ['shop_gw'], { replicas: 2, line: 4 }),
        gateway('shop_gw', {
            routes,
            auth: { scheme: 'jwt', issuer: 'users', roles: ['customer', 'seller', 'admin'], tokenTtlSeconds: 3600, source: at(21) },
            publicRoutes: [
                { methods: ['POST'], path: '/api/auth/register', source: at(22) },
                { methods: ['POST'], path: '/api/auth/login', source: at(22) },
                { methods: ['GET'], path: '/api/products', source: at(23) }
            ],
            corsOrigins: ['http://localhost:8080']
        }, { dependsOn: [...BACKENDS], line: 5 }),
        service('users', { databases: ['users_db'], entities: ['User'], issuesTokens: true, dependsOn: ['users_db'], line: 6 }),
        service('products', { replicas: 2, databases: ['products_db'], entities: ['Product'], dependsOn: ['products_db'], line: 7 }),
        service('inventory', { databases: ['inventory_db'], entities: ['Stock'], dependsOn: ['inventory_db'], line: 8 }),
        service('orders', {
            databases: ['orders_db'], entities: ['OrderDetail', 'Order'], calls: ['products'], consumes: ['payments.processed'],
            dependsOn: ['orders_db', 'products'], brokers: ['rabbitmq'], line: 9
        }),
        service('payments', {
            databases: ['payments_db'], entities: ['Payment'], publishes: ['payments.requested'],
            dependsOn: ['payments_db'], brokers: ['rabbitmq'], line: 10
        }),
        service('payment_processor', {
            kind: 'mqtp', zones: ['data'], databases: ['payments_db'], consumes: ['payments.requested'],
            publishes: ['payments.processed'], dependsOn: ['payments_db'], brokers: ['rabbitmq'], line: 11
        }),
        database('users_db', ['users'], [User], { line: 12 }),
        database('products_db', ['products'], [Product], { line: 13 }),
        database('inventory_db', ['inventory'], [Stock], { line: 14 }),
        database('orders_db', ['orders'], [OrderDetail, Order], { line: 15 }),
        database('payments_db', ['payments', 'payment_processor'], [Payment], { line: 16 })
    ],
    connectors: [
        httpConnector('shop_lb', 'shop_fe', 90),
        httpConnector('shop_fe', 'shop_gw', 91),
        ...BACKENDS.map((b, i) => httpConnector('shop_gw', b, 92 + i)),
        httpConnector('orders', 'products', 97),
        ...BACKENDS.map((b, i) => dbConnector(b, `${b}_db`, 98 + i)),
        dbConnector('payment_processor', 'payments_db', 103),
        queueConnector('payments', 'payment_processor', requested, 104),
        queueConnector('payment_processor', 'orders', processed, 106)
    ],
    brokers: [rabbitmq(['payments.processed', 'payments.requested'], true)]
};
