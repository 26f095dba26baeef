import { describe, expect, it } from 'vitest';
import { checkFixture, issues, related } from './__tests__/helpers.js';
import { IssueCodes } from './issue-codes.js';

describe('entities', () => {
    it('accepts entities and payloads with unique fields (Group is fine on postgres)', async () => {
        expect(issues(await checkFixture('entity/valid-entities.arch'))).toEqual([]);
    });

    it('fieldNamesMustBeUnique: in entities and payloads, names and columns', async () => {
        const doc = await checkFixture('entity/invalid-duplicate-fields.arch');
        expect(issues(doc)).toEqual([
            '10:13-10:18 error field/duplicate-name',
            '12:13-12:21 error field/duplicate-name',
            '18:68-18:74 error field/duplicate-name'
        ]);
        expect(related(doc, IssueCodes.DuplicateField)).toEqual([['8:13'], ['11:13'], ['18:56']]);
    });

    it('entityMustHaveOnePrimaryKey: on each later key', async () => {
        const doc = await checkFixture('entity/invalid-primary-keys.arch');
        expect(issues(doc)).toEqual([
            '8:22-8:33 error entity/multiple-primary-keys',
            '9:28-9:39 error entity/multiple-primary-keys'
        ]);
        expect(related(doc, IssueCodes.MultiplePrimaryKeys)).toEqual([['7:13'], ['7:13']]);
    });

    it('entityTableMustNotBeReservedWord: the table name, on a mysql database', async () => {
        expect(issues(await checkFixture('entity/invalid-reserved-table.arch'))).toEqual([
            '7:16-7:19 error field/reserved-word',
            '8:16-8:19 error field/reserved-word',
            '9:16-9:22 error field/reserved-word'
        ]);
    });
});
