import { describe, expect, it } from 'vitest';
import { entity, field, ref, serialId } from '../../test-support/builders.js';
import { orderTables } from './order.js';

const fk = (name: string, target: string, table: string) =>
    field(name, { name: 'int' }, { references: ref(target, table, 'db', true) });

describe('orderTables', () => {
    it('creates referenced tables first, otherwise keeps model order', () => {
        const detail = entity('Detail', 'details', 'db', 's', [serialId(), fk('orderId', 'Order', 'orders')]);
        const order = entity('Order', 'orders', 'db', 's', [serialId(), fk('customerId', 'Customer', 'customers')]);
        const customer = entity('Customer', 'customers', 'db', 's', [serialId()]);
        const note = entity('Note', 'notes', 'db', 's', [serialId()]);
        const result = orderTables([detail, note, order, customer]);
        expect(result.entities.map(e => e.name)).toEqual(['Note', 'Customer', 'Order', 'Detail']);
        expect(result.deferred.size).toBe(0);
    });

    it('ignores references to other databases and to the table itself', () => {
        const a = entity('A', 'as', 'db', 's', [serialId(), field('userId', { name: 'int' }, { references: ref('User', 'users', 'other', false) })]);
        const b = entity('B', 'bs', 'db', 's', [serialId(), fk('parentId', 'B', 'bs')]);
        const result = orderTables([a, b]);
        expect(result.entities.map(e => e.name)).toEqual(['A', 'B']);
        expect(result.deferred.size).toBe(0);
    });

    it('breaks a cycle by deferring the key of the first table in model order', () => {
        const toB = fk('bId', 'B', 'bs');
        const toA = fk('aId', 'A', 'as');
        const a = entity('A', 'as', 'db', 's', [serialId(), toB]);
        const b = entity('B', 'bs', 'db', 's', [serialId(), toA]);
        const result = orderTables([a, b]);
        expect(result.entities.map(e => e.name)).toEqual(['A', 'B']);
        expect([...result.deferred]).toEqual([toB]);
    });
});
