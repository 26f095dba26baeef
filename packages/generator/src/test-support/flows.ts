/**
 * A shop whose flows come from the model, as the language package builds
 * `examples/ecommerce.arch`: an order and its lines (a sum), lines priced from
 * the catalog (lookup) and taking stock (take, by a field that is not the key
 * of the stock), a payment priced from its order, and the payment messages
 * (trigger, validate_card, publish, update, a handler).
 */
import type { ArchitectureModel, CallRule, Connector, Field, MessageChannel } from '@archgen/model';
import {
    at, database, dbConnector, entity, field, gateway, httpConnector, queueConnector, rabbitmq, ref, serialId, service
} from './builders.js';

const FLOW_URI = 'file:///home/student/models/flow.arch';
const on = (line: number) => at(line, FLOW_URI);

const User = entity('User', 'users', 'users_db', 'users', [
    serialId(),
    field('email', { name: 'string', length: 255 }, { required: true, unique: true }),
    field('password_hash', { name: 'string', length: 255 }, { required: true }),
    field('role', { name: 'enum', values: ['customer', 'seller'] }, { required: true, default: { kind: 'enum', value: 'customer' } })
]);

const Product = entity('Product', 'products', 'products_db', 'products', [
    serialId(),
    field('price', { name: 'decimal', precision: 10, scale: 2 }, { required: true, min: 0 }),
    field('seller_id', { name: 'int' }, { required: true, references: ref('User', 'users', 'users_db', false) })
]);

const Stock = entity('Stock', 'stocks', 'inventory_db', 'inventory', [
    serialId(),
    field('product_id', { name: 'int' }, { required: true, unique: true, references: ref('Product', 'products', 'products_db', false) }),
    field('quantity', { name: 'int' }, { required: true, min: 0 })
]);

const Order = entity('Order', 'orders', 'orders_db', 'orders', [
    serialId(),
    field('customer_id', { name: 'int' }, { required: true, references: ref('User', 'users', 'users_db', false) }),
    field('status', { name: 'enum', values: ['pending', 'paid', 'payment_failed'] }, { required: true, default: { kind: 'enum', value: 'pending' } }),
    field('total', { name: 'decimal', precision: 12, scale: 2 }, { required: true, min: 0, default: { kind: 'number', value: 0 }, sum: { entity: 'OrderLine', field: 'price' } })
]);

const OrderLine = entity('OrderLine', 'order_lines', 'orders_db', 'orders', [
    serialId(),
    field('order_id', { name: 'int' }, { required: true, indexed: true, references: ref('Order', 'orders', 'orders_db', true) }),
    field('product_id', { name: 'int' }, { required: true, references: ref('Product', 'products', 'products_db', false) }),
    field('quantity', { name: 'int' }, { required: true, min: 1 }),
    field('price', { name: 'decimal', precision: 12, scale: 2 }, { required: true, min: 0 })
]);

const Payment = entity('Payment', 'payments', 'payments_db', 'payments', [
    field('id', { name: 'uuid' }, { primaryKey: true, required: true, default: { kind: 'random_uuid' }, generated: true }),
    field('order_id', { name: 'int' }, { required: true, references: ref('Order', 'orders', 'orders_db', false) }),
    field('amount', { name: 'decimal', precision: 12, scale: 2 }, { required: true, min: 0 }),
    field('status', { name: 'enum', values: ['pending', 'approved', 'declined'] }, { required: true, default: { kind: 'enum', value: 'pending' } }),
    field('transaction_id', { name: 'uuid' }, { unique: true })
]);

const payloadField = (name: string, type: Field['type']): Field => field(name, type, { required: true });

const requested: MessageChannel = {
    channel: 'payments.requested',
    broker: 'rabbitmq',
    engine: 'rabbitmq',
    protocol: 'amqp',
    payload: {
        fields: [
            payloadField('id', { name: 'uuid' }),
            payloadField('order_id', { name: 'int' }),
            payloadField('amount', { name: 'decimal', precision: 12, scale: 2 }),
            payloadField('card_number', { name: 'string', length: 19 }),
            payloadField('card_expiry', { name: 'string', length: 5 })
        ]
    },
    delivery: 'at_least_once',
    delayMs: 30_000,
    trigger: { operation: 'create', entity: 'Payment' },
    actions: [
        { kind: 'validate_card', numberField: 'card_number', expiryField: 'card_expiry', source: on(60) },
        { kind: 'publish', channel: 'payments.processed', source: on(61) }
    ]
};

const processedPayload = {
    fields: [
        payloadField('id', { name: 'uuid' }),
        payloadField('order_id', { name: 'int' }),
        payloadField('status', { name: 'enum', values: ['approved', 'declined'] }),
        payloadField('transaction_id', { name: 'uuid' })
    ]
};

const processedToPayments: MessageChannel = {
    channel: 'payments.processed',
    broker: 'rabbitmq',
    engine: 'rabbitmq',
    protocol: 'amqp',
    payload: processedPayload,
    delivery: 'at_least_once',
    delayMs: 0,
    actions: [{
        kind: 'update',
        entity: 'Payment',
        set: [
            { field: 'status', value: { kind: 'field', field: 'status' } },
            { field: 'transaction_id', value: { kind: 'field', field: 'transaction_id' } }
        ],
        where: { field: 'id', value: { kind: 'field', field: 'id' } },
        source: on(70)
    }]
};

const processedToOrders: MessageChannel = {
    ...processedToPayments,
    actions: [
        {
            kind: 'update',
            entity: 'Order',
            set: [{ field: 'status', value: { kind: 'literal', value: 'paid' } }],
            where: { field: 'id', value: { kind: 'field', field: 'order_id' } },
            when: { field: 'status', value: { kind: 'literal', value: 'approved' } },
            source: on(80)
        },
        { kind: 'handler', name: 'notify-customer', source: on(81) },
        { kind: 'handler', name: 'notify-customer', source: on(82) },
        { kind: 'handler', name: '2nd check!', source: on(83) }
    ]
};

const lookupPrice: CallRule = {
    kind: 'lookup',
    on: { operation: 'create', entity: 'OrderLine' },
    field: 'price',
    target: { entity: 'Product', field: 'price' },
    factor: 'quantity',
    where: { field: 'id', value: 'product_id' },
    source: on(40)
};

const takeStock: CallRule = {
    kind: 'take',
    on: { operation: 'create', entity: 'OrderLine' },
    amount: 'quantity',
    target: { entity: 'Stock', field: 'quantity' },
    where: { field: 'product_id', value: 'product_id' },
    source: on(44)
};

const lookupTotal: CallRule = {
    kind: 'lookup',
    on: { operation: 'create', entity: 'Payment' },
    field: 'amount',
    target: { entity: 'Order', field: 'total' },
    where: { field: 'id', value: 'order_id' },
    source: on(48)
};

const withCalls = (connector: Connector, calls: readonly CallRule[]): Connector => ({ ...connector, calls });
const here = (connector: Connector, line: number): Connector => ({ ...connector, source: on(line) });

export const flowModel: ArchitectureModel = {
    name: 'flow',
    projectName: 'flow',
    source: on(0),
    components: [
        gateway('gw', {
            auth: { scheme: 'jwt', issuer: 'users', roles: ['customer', 'seller'], tokenTtlSeconds: 3600, source: on(3) }
        }, { dependsOn: ['users', 'products', 'inventory', 'orders', 'payments'] }),
        service('users', { databases: ['users_db'], entities: ['User'], issuesTokens: true, dependsOn: ['users_db'] }),
        service('products', { databases: ['products_db'], entities: ['Product'], dependsOn: ['products_db'] }),
        service('inventory', { databases: ['inventory_db'], entities: ['Stock'], dependsOn: ['inventory_db'] }),
        service('orders', {
            databases: ['orders_db'], entities: ['Order', 'OrderLine'], calls: ['products', 'inventory'], consumes: ['payments.processed'],
            dependsOn: ['products', 'inventory', 'orders_db'], brokers: ['rabbitmq']
        }),
        service('payments', {
            kind: 'mqtp', databases: ['payments_db'], entities: ['Payment'], calls: ['orders'], publishes: ['payments.requested'],
            consumes: ['payments.processed'], dependsOn: ['orders', 'payments_db'], brokers: ['rabbitmq']
        }),
        service('processor', { kind: 'mqtp', consumes: ['payments.requested'], publishes: ['payments.processed'], brokers: ['rabbitmq'] }),
        database('users_db', ['users'], [User]),
        database('products_db', ['products'], [Product]),
        database('inventory_db', ['inventory'], [Stock]),
        database('orders_db', ['orders'], [Order, OrderLine]),
        database('payments_db', ['payments'], [Payment])
    ],
    connectors: [
        ...['users', 'products', 'inventory', 'orders', 'payments'].map(s => httpConnector('gw', s)),
        withCalls(here(httpConnector('orders', 'products'), 39), [lookupPrice]),
        withCalls(here(httpConnector('orders', 'inventory'), 43), [takeStock]),
        withCalls(here(httpConnector('payments', 'orders'), 47), [lookupTotal]),
        ...(['users', 'products', 'inventory', 'orders', 'payments'] as const).map(s => dbConnector(s, `${s}_db`)),
        here(queueConnector('payments', 'processor', requested), 58),
        here(queueConnector('processor', 'payments', processedToPayments), 68),
        here(queueConnector('processor', 'orders', processedToOrders), 78)
    ],
    brokers: [rabbitmq(['payments.processed', 'payments.requested'], false)]
};
