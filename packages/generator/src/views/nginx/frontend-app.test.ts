import {
    type ArchitectureModel,
    type CallRule,
    type Component,
    type Connector,
    type ConsumerAction,
    type Entity,
    type FrontendComponent,
    type GatewayComponent,
    findComponent,
    isDatabase,
    isGateway
} from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { at, field, httpConnector } from '../../test-support/builders.js';
import { ecommerceModel, minimalModel } from '../../test-support/fixtures.js';
import { seedDialectModel } from '../../test-support/nginx.js';
import { appField, appView, detectOrder, humanize, scriptJson } from './frontend-app.js';

const shopFe = findComponent(ecommerceModel, 'shop_fe') as FrontendComponent;

/** Changes one entity of a model. */
function withEntity(model: ArchitectureModel, name: string, change: (e: Entity) => Entity): ArchitectureModel {
    return {
        ...model,
        components: model.components.map((c): Component => isDatabase(c) ? { ...c, entities: c.entities.map(e => (e.name === name ? change(e) : e)) } : c)
    };
}

const lookup = (on: string, set: string, target: string, targetField: string, where: [string, string], factor?: string): CallRule => ({
    kind: 'lookup', on: { operation: 'create', entity: on }, field: set, target: { entity: target, field: targetField },
    ...(factor ? { factor } : {}), where: { field: where[0], value: where[1] }, source: at(120)
});

const take = (on: string, amount: string, target: string, targetField: string, where: [string, string]): CallRule => ({
    kind: 'take', on: { operation: 'create', entity: on }, amount, target: { entity: target, field: targetField },
    where: { field: where[0], value: where[1] }, source: at(121)
});

const withCalls = (c: Connector, calls: readonly CallRule[]): Connector => ({ ...c, calls });

/**
 * The fixture shaped like examples/ecommerce.arch: order lines priced from the
 * catalog and taking stock, the order's total a sum of its lines, payments
 * validated by the processor with card fields only in the message, roles on writes.
 */
function shopModel(): ArchitectureModel {
    let model = withEntity(ecommerceModel, 'Order', e => ({
        ...e,
        fields: e.fields.map(f => (f.name === 'total' ? { ...f, sum: { entity: 'OrderDetail', field: 'unitPrice' } } : f))
    }));
    model = {
        ...model,
        components: model.components.map((c): Component => isGateway(c)
            ? {
                ...c,
                restrictions: [
                    { methods: ['POST', 'PATCH', 'DELETE'], path: '/api/products', roles: ['seller', 'admin'], source: at(24) },
                    { methods: ['POST'], path: '/api/stocks', roles: ['seller'], source: at(24) },
                    { methods: ['POST'], path: '/api/orders', roles: ['customer'], source: at(25) }
                ]
            }
            : c),
        connectors: [
            ...model.connectors.map(c => {
                if (c.id === 'http:orders->products') return withCalls(c, [lookup('OrderDetail', 'unitPrice', 'Product', 'price', ['id', 'productId'], 'quantity')]);
                if (c.message?.channel === 'payments.requested') {
                    const payload = [...c.message.payload.fields, field('card_number', { name: 'string', length: 19 }, { required: true }), field('card_expiry', { name: 'string', length: 5 }, { required: true })];
                    return { ...c, message: { ...c.message, payload: { fields: payload } } };
                }
                if (c.message?.channel === 'payments.processed') {
                    const failed: ConsumerAction = {
                        kind: 'update', entity: 'Order', where: { field: 'id', value: { kind: 'field', field: 'orderId' } }, source: at(109),
                        set: [{ field: 'status', value: { kind: 'literal', value: 'cancelled' } }],
                        when: { field: 'status', value: { kind: 'literal', value: 'declined' } }
                    };
                    return { ...c, message: { ...c.message, actions: [...c.message.actions, failed] } };
                }
                return c;
            }),
            withCalls(httpConnector('orders', 'inventory', 130), [take('OrderDetail', 'quantity', 'Stock', 'quantity', ['productId', 'productId'])]),
            withCalls(httpConnector('payments', 'orders', 131), [lookup('Payment', 'amount', 'Order', 'total', ['id', 'orderId'])])
        ]
    };
    return model;
}

describe('shop detection', () => {
    const model = shopModel();
    const view = appView(model, shopFe);

    it('finds the catalog, the order with its nested lines, the stock and the payment from the model', () => {
        expect(view.shop).toMatchObject({
            catalog: { resource: '/api/products', nameField: 'name', priceField: 'price', scale: 2, sellerRoles: ['seller', 'admin'] },
            stock: { resource: '/api/stocks', productField: 'productId', quantityField: 'quantity', byKey: false, extra: [] },
            order: {
                resource: '/api/orders',
                userField: 'userId',
                statusField: 'status',
                totalField: 'total',
                linesKey: 'order_details',
                lines: { resource: '/api/order-details', orderField: 'orderId', productField: 'productId', quantityField: 'quantity', quantityMax: 1000, priceField: 'unitPrice' },
                initial: 'pending',
                success: ['paid'],
                failure: ['cancelled'],
                customerRoles: ['customer']
            },
            payment: { resource: '/api/payments', orderField: 'orderId', statusField: 'status', initial: 'pending', transactionField: null, amountField: 'amount' }
        });
        expect(view.shop!.catalog.details).toEqual(['sku', 'category', 'description', 'active']);
    });

    it('asks for the payment\'s own inputs and the card fields only the message carries', () => {
        const fields = view.shop!.payment!.fields;
        // amount is looked up from the order, status set by the processor's message, orderId given by the page.
        expect(fields.map(f => f.name)).toEqual(['transactionId', 'cardLast4', 'card_number', 'card_expiry']);
        expect(fields.find(f => f.name === 'card_number')).toMatchObject({ label: 'Card number', required: true, autocomplete: 'cc-number' });
        expect(fields.find(f => f.name === 'card_expiry')).toMatchObject({ label: 'Expiry (MM/YY)', pattern: '(0[1-9]|1[0-2])/[0-9]{2}' });
    });

    it('leaves computed fields out of the create forms and names who may write', () => {
        const byPath = new Map(view.resources.map(r => [r.path, r]));
        expect(byPath.get('/api/orders')!.create!.map(f => f.name)).toEqual([]);
        expect(byPath.get('/api/order-details')!.create!.map(f => f.name)).toEqual(['orderId', 'productId', 'quantity']);
        expect(byPath.get('/api/products')).toMatchObject({ publicRead: true, writeRoles: ['seller', 'admin'], userField: 'sellerId' });
        expect(byPath.get('/api/products')!.create!.map(f => f.name)).toEqual(['sku', 'name', 'category', 'description', 'price', 'attributes', 'active']);
        expect(byPath.get('/api/orders')).toMatchObject({ publicRead: false, writeRoles: ['customer'] });
        // Accounts are created by registering, and their hash is never shown.
        expect(byPath.get('/api/users')!.create).toBeNull();
        expect(byPath.get('/api/users')!.columns.map(c => c.name)).not.toContain('passwordHash');
    });

    it('takes the price from the lookup on the order lines, not the order total other lookups read', () => {
        // Payment.amount = Order.total is a lookup too, on a sum: never a catalog.
        const onlyPayments = { ...model, connectors: model.connectors.map(c => (c.id === 'http:orders->products' ? withCalls(c, []) : c)) };
        expect(detectOrder(onlyPayments)).toBeNull();
        expect(appView(onlyPayments, shopFe).shop).toBeNull();
        expect(detectOrder(model)).toMatchObject({ order: { name: 'Order' }, catalog: { name: 'Product' }, price: { name: 'price' } });
    });

    it('has no stock or payment when the model has no take rule or card-checking consumer', () => {
        const bare = {
            ...model,
            connectors: model.connectors
                .filter(c => c.id !== 'http:orders->inventory')
                .map(c => (c.message ? { ...c, message: { ...c.message, actions: c.message.actions.filter(a => a.kind !== 'validate_card') } } : c))
        };
        const shop = appView(bare, shopFe).shop!;
        expect(shop.stock).toBeNull();
        expect(shop.payment).toBeNull();
        expect(shop.order.lines.quantityField).toBe('quantity');
    });

    it('needs the order to be a sum over nested children', () => {
        expect(appView(withEntity(model, 'Order', e => ({ ...e, fields: e.fields.map(f => ({ ...f, sum: undefined })) })), shopFe).shop).toBeNull();
    });
});

describe('the generic explorer', () => {
    it('is what a model without the shop shape gets, with the auth forms of its issuer', () => {
        const view = appView(ecommerceModel, shopFe);
        expect(view.shop).toBeNull();
        expect(view.resources.map(r => r.path)).toEqual(['/api/users', '/api/products', '/api/stocks', '/api/order-details', '/api/orders', '/api/payments']);
        expect(view.auth).toMatchObject({ loginPath: '/api/auth/login', registerPath: '/api/auth/register', roles: ['customer', 'seller', 'admin'] });
        expect(view.auth!.login).toMatchObject({ name: 'email', control: 'email', required: true, autocomplete: 'email' });
        expect(view.auth!.register.map(f => [f.name, f.control, f.required])).toEqual([
            ['email', 'email', true], ['name', 'text', true], ['password', 'password', true], ['role', 'select', false]
        ]);
        expect(view.endpoints).toEqual([]);
        expect(view.storageKey).toBe('archgen.ecommerce.shop-fe');
    });

    it('offers the lab gateway\'s entity-less routes as endpoints, without auth', () => {
        const web = findComponent(seedDialectModel, 'web') as FrontendComponent;
        const view = appView(seedDialectModel, web);
        expect(view).toMatchObject({ title: 'seed', api: true, auth: null, resources: [], shop: null });
        expect(view.endpoints).toEqual([
            { path: '/api/a', label: '/api/a (be_a)' },
            { path: '/api/b', label: '/api/b (be_b)' },
            { path: '/api/b/special', label: '/api/b/special (be_a)' }
        ]);
    });

    it('reads the resources of a service the frontend calls directly, and of none when it calls nothing', () => {
        const web = findComponent(minimalModel, 'web') as FrontendComponent;
        expect(appView(minimalModel, web)).toMatchObject({ api: true, resources: [], endpoints: [], shop: null });
        expect(appView(minimalModel, { ...web, apis: [] })).toMatchObject({ api: false, resources: [] });
    });

    it('reads everything without a token when the gateway has no auth', () => {
        const gw = findComponent(ecommerceModel, 'shop_gw') as GatewayComponent;
        const open = { ...ecommerceModel, components: ecommerceModel.components.map(c => (c === gw ? { ...gw, auth: undefined } : c)) };
        const view = appView(open, shopFe);
        expect(view.auth).toBeNull();
        expect(view.resources.every(r => r.publicRead && r.writeRoles.length === 0)).toBe(true);
    });
});

describe('fields', () => {
    it('shows each type with its control, bounds and default', () => {
        expect(appField(field('price', { name: 'decimal', precision: 10, scale: 2 }, { required: true, min: 0 })))
            .toEqual({ name: 'price', label: 'Price', type: 'decimal', control: 'number', required: true, min: 0, step: '0.01', scale: 2 });
        expect(appField(field('quantity', { name: 'int' }, { required: true, min: 0, default: { kind: 'number', value: 0 } })))
            .toEqual({ name: 'quantity', label: 'Quantity', type: 'int', control: 'number', required: false, min: 0, step: '1', default: 0 });
        expect(appField(field('isbn', { name: 'string', length: 13 }, { min: 10, doc: 'The book.' })))
            .toEqual({ name: 'isbn', label: 'ISBN', type: 'string', control: 'text', required: false, minLength: 10, maxLength: 13, hint: 'The book.' });
        expect(appField(field('status', { name: 'enum', values: ['a', 'b'] }, { required: true, default: { kind: 'enum', value: 'a' } })))
            .toMatchObject({ control: 'select', options: ['a', 'b'], default: 'a', required: false });
        expect(appField(field('created_at', { name: 'timestamp' }, { required: true, generated: true, default: { kind: 'now' } })))
            .toEqual({ name: 'created_at', label: 'Created at', type: 'timestamp', control: 'datetime-local', required: false });
        expect(appField(field('contact_email', { name: 'string', length: 80 })).control).toBe('email');
        expect(appField(field('notes', { name: 'text' })).control).toBe('textarea');
        expect(appField(field('extra', { name: 'json' })).control).toBe('json');
        expect(appField(field('ok', { name: 'boolean' })).control).toBe('checkbox');
        expect(appField(field('ref', { name: 'uuid' })).pattern).toMatch(/^\[0-9a-fA-F\]\{8\}/);
    });

    it('labels names for people', () => {
        expect(['seller_id', 'placedOn', 'sku', 'order_details', 'id', 'total_price', 'api_key'].map(humanize))
            .toEqual(['Seller', 'Placed on', 'SKU', 'Order details', 'ID', 'Total price', 'API key']);
    });
});

describe('the view as JSON in the page', () => {
    it('cannot close its script element, and reads back as the view', () => {
        const text = scriptJson({ doc: '</script><script>alert(1)</script> & \u2028' });
        expect(text).not.toMatch(/[<>&\u2028]/);
        expect(JSON.parse(text)).toEqual({ doc: '</script><script>alert(1)</script> & \u2028' });
    });

    it('is the same for the same model', () => {
        expect(scriptJson(appView(shopModel(), shopFe))).toBe(scriptJson(appView(shopModel(), shopFe)));
    });
});
