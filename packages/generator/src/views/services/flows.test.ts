import { type ServiceComponent, allEntities, isService } from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { flowModel } from '../../test-support/flows.js';
import { accountsEntity, callsOf, childrenOf, describeRule, internalOf, sumsOf, userFieldOf } from './flows.js';

const svc = (name: string): ServiceComponent => flowModel.components.filter(isService).find(s => s.name === name)!;
const entity = (name: string) => allEntities(flowModel).find(e => e.name === name)!;
const orderEntities = [entity('Order'), entity('OrderLine')];

describe('what a create does beyond CRUD', () => {
    it('finds the children of a parent: same database, a required foreign key to it, keyed by their table', () => {
        expect(childrenOf(entity('Order'), orderEntities)).toEqual([{ entity: 'OrderLine', key: 'order_lines', field: 'order_id' }]);
        expect(childrenOf(entity('OrderLine'), orderEntities)).toEqual([]);
        // A reference to another database's entity is not a foreign key: no children across services.
        expect(childrenOf(entity('Product'), [entity('Product'), entity('Stock')])).toEqual([]);
    });

    it('keeps a sum over the children through their reference', () => {
        expect(sumsOf(entity('Order'), orderEntities)).toEqual([{ field: 'total', entity: 'OrderLine', of: 'price', via: 'order_id' }]);
        expect(sumsOf(entity('Order'), [entity('Order')])).toEqual([]);
    });

    it("fills the field that names the token issuer's user from the gateway's header", () => {
        expect(accountsEntity(flowModel)).toBe('User');
        expect(userFieldOf(entity('Order'), 'User')).toBe('customer_id');
        expect(userFieldOf(entity('Product'), 'User')).toBe('seller_id');
        expect(userFieldOf(entity('User'), 'User')).toBeNull();
        expect(userFieldOf(entity('Payment'), 'User')).toBeNull();
        expect(userFieldOf(entity('Order'), null)).toBeNull();
        expect(accountsEntity({ ...flowModel, components: flowModel.components.filter(c => c.kind !== 'api_gateway') })).toBeNull();
    });
});

describe('call rules', () => {
    it('gives the caller each rule with the target it calls, its URL variable, and whether it reads by the key', () => {
        const calls = callsOf(flowModel, svc('orders'));
        expect(calls.map(c => c.comment)).toEqual([
            'on create OrderLine set price = Product.price * quantity where id = product_id (flow.arch:41), through products',
            'on create OrderLine take quantity from Stock.quantity where product_id = product_id (flow.arch:45), through inventory'
        ]);
        expect(calls[0]!.literal).toBe(
            '{ kind: "lookup", entity: "OrderLine", field: "price", factor: "quantity", value: "product_id", target: { component: "products", urlEnv: "PRODUCTS_URL", entity: "Product", resource: "products", field: "price", by: "id", byKey: true }, source: "flow.arch:41" }');
        expect(calls[1]!.literal).toContain('kind: "take", entity: "OrderLine", amount: "quantity"');
        expect(calls[1]!.literal).toContain('urlEnv: "INVENTORY_URL", entity: "Stock", resource: "stocks", field: "quantity", by: "product_id", byKey: false');
        expect(callsOf(flowModel, svc('payments')).map(c => c.literal)).toEqual([expect.stringContaining('factor: null, value: "order_id"')]);
        expect(callsOf(flowModel, svc('products'))).toEqual([]);
    });

    it('serves the called side: takes, and lookups only by fields other than the key', () => {
        expect(internalOf(flowModel, svc('inventory'))).toMatchObject({ lookups: [], takes: [{ entity: 'Stock', field: 'quantity', by: 'product_id' }] });
        expect(internalOf(flowModel, svc('inventory')).literal).toBe('{ lookups: [], takes: [{ entity: "Stock", field: "quantity", by: "product_id" }] }');
        // Product and Order are read by their key, through their REST routes.
        expect(internalOf(flowModel, svc('products'))).toMatchObject({ lookups: [], takes: [] });
        expect(internalOf(flowModel, svc('orders'))).toMatchObject({ lookups: [], takes: [] });
        const byField = {
            ...flowModel,
            connectors: flowModel.connectors.map(c => (c.id === 'http:orders->products'
                ? { ...c, calls: c.calls.map(r => ({ ...r, where: { field: 'seller_id', value: 'product_id' } })) }
                : c))
        };
        expect(internalOf(byField, svc('products')).lookups).toEqual([{ entity: 'Product', by: 'seller_id' }]);
        expect(callsOf(byField, svc('orders'))[0]!.literal).toContain('by: "seller_id", byKey: false');
    });

    it('writes a rule back as the model does', () => {
        const rules = flowModel.connectors.flatMap(c => c.calls);
        expect(rules.map(describeRule)).toEqual([
            'on create OrderLine set price = Product.price * quantity where id = product_id',
            'on create OrderLine take quantity from Stock.quantity where product_id = product_id',
            'on create Payment set amount = Order.total where id = order_id'
        ]);
    });
});
