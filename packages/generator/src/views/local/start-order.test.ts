import { describe, expect, it } from 'vitest';
import { startOrder } from './start-order.js';

describe('startOrder', () => {
    it('starts dependencies first, in waves, keeping the given order inside a wave', () => {
        const order = startOrder([
            { id: 'lb', wants: ['web'] },
            { id: 'web', wants: ['api'] },
            { id: 'api', wants: ['postgres', 'broker'] },
            { id: 'worker', wants: ['broker'] },
            { id: 'postgres', wants: [] },
            { id: 'broker', wants: [] }
        ]);
        expect(order.waves).toEqual([['postgres', 'broker'], ['api', 'worker'], ['web'], ['lb']]);
        expect(order.after.get('api')).toEqual(['postgres', 'broker']);
        expect(order.dropped).toEqual([]);
    });

    it('ignores unknown units, itself and repeats', () => {
        const order = startOrder([{ id: 'a', wants: ['a', 'ghost', 'b', 'b'] }, { id: 'b', wants: [] }]);
        expect(order.after.get('a')).toEqual(['b']);
        expect(order.waves).toEqual([['b'], ['a']]);
    });

    it('drops the dependency that closes a cycle, deterministically', () => {
        const units = [
            { id: 'a', wants: ['b'] },
            { id: 'b', wants: ['c'] },
            { id: 'c', wants: ['a'] }
        ];
        const order = startOrder(units);
        expect(order.dropped).toEqual([['c', 'a']]);
        expect(order.waves).toEqual([['c'], ['b'], ['a']]);
        expect(startOrder(units)).toEqual(order);
    });
});
