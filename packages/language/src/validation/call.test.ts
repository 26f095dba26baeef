import { describe, expect, it } from 'vitest';
import { checkFixture, issues, suggestions } from './__tests__/helpers.js';
import { IssueCodes } from './issue-codes.js';

describe('call rules and sums', () => {
    it('accepts lookups, takes and sums over child rows', async () => {
        const doc = await checkFixture('call/valid-call-rules.arch');
        expect(issues(doc)).toEqual([]);
        const [lookup, take] = doc.model!.connectors.flatMap(c => c.calls);
        expect(lookup).toMatchObject({ kind: 'lookup', on: { entity: 'OrderLine' }, field: 'price', target: { entity: 'Product', field: 'price' }, factor: 'quantity', where: { field: 'id', value: 'product_id' } });
        expect(take).toMatchObject({ kind: 'take', amount: 'quantity', target: { entity: 'Stock', field: 'units' }, where: { field: 'product_id', value: 'product_id' } });
    });

    it('reports unknown operations, entities not owned, unknown and non-numeric fields, bad sums, rules off http', async () => {
        const doc = await checkFixture('call/invalid-call-rules.arch');
        expect(issues(doc)).toEqual([
            '8:33-8:40 error field/invalid-sum',
            '9:37-9:44 error field/invalid-sum',
            '22:12-22:18 error call/unknown-operation',
            '23:19-23:26 error call/entity-not-owned',
            '23:31-23:36 error call/unknown-field',
            '23:39-23:44 error call/entity-not-owned',
            '23:62-23:72 error call/unknown-field',
            '24:34-24:39 error call/field-not-numeric',
            '24:53-24:57 error call/field-not-numeric',
            '24:64-24:67 error call/unknown-field',
            '27:9-27:11 error call/not-http'
        ]);
        expect(suggestions(doc, IssueCodes.CallUnknownOperation)).toEqual(['create']);
        expect(suggestions(doc, IssueCodes.CallUnknownField)).toEqual([undefined, undefined, 'id']);
    });
});
