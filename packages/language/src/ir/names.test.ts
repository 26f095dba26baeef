import { describe, expect, it } from 'vitest';
import * as naming from '../util/naming.js';
import { kebabCase, resourceName, serviceName, snakeCase, tableName } from './names.js';

/** A deterministic stream of names: identifiers of every shape, and some that are not ASCII identifiers. */
function* names(count: number): Generator<string> {
    const alphabet = ['a', 'b', 'y', 's', 'h', 'A', 'B', 'Y', 'S', 'H', '0', '7', '_', '_', '-', '.', ' ', 'é', 'É', 'ß', '日', '\u0301'];
    let seed = 7;
    const next = (n: number): number => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed % n;
    };
    yield* ['', '_', '__', 'a', 'A', 'id', 'order_id', 'orderId', 'OrderDetail', 'HTTPServer', 'b12_lb_api', 'Item3Part7',
        'A1BCd', 'aBCd', '_x', 'x_', 'a__b', 'user', 'status', 'Category', 'Bus', 'Box', 'Key', 'ecommerce_be_usr',
        'x'.repeat(70), `a${'_b'.repeat(40)}`, 'Ünïcode', '日本'];
    for (let i = 0; i < count; i++) {
        const ascii = next(3) > 0;
        let name = '';
        for (let n = 1 + next(14); n > 0; n--) name += alphabet[next(ascii ? 14 : alphabet.length)];
        yield name;
    }
}

describe('names: the same as util/naming.ts, faster for ASCII identifiers', () => {
    it('agrees on 20,000 names', () => {
        for (const name of names(20_000)) {
            expect(snakeCase(name), name).toBe(naming.snakeCase(name));
            expect(kebabCase(name), name).toBe(naming.kebabCase(name));
            expect(tableName(name), name).toBe(naming.tableName(name));
            expect(resourceName(name), name).toBe(naming.resourceName(name));
            expect(serviceName(name), name).toBe(naming.serviceName(name));
        }
    });
});
