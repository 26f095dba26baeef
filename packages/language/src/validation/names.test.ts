import { describe, expect, it } from 'vitest';
import { checkFixture, issues, related, suggestions } from './__tests__/helpers.js';
import { IssueCodes } from './issue-codes.js';

describe('names', () => {
    it('accepts unique, portable names (underscores are a mechanical rewrite, no warning)', async () => {
        expect(issues(await checkFixture('names/valid-names.arch'))).toEqual([]);
    });

    it('componentNamesMustBeUnique: reports each later duplicate, related to the first', async () => {
        const doc = await checkFixture('names/invalid-duplicate-components.arch');
        expect(issues(doc)).toEqual([
            '5:23-5:28 error component/duplicate-name',
            '6:24-6:29 error component/duplicate-name',
            '6:32-6:40 error property/not-applicable'
        ]);
        expect(related(doc, IssueCodes.DuplicateComponent)).toEqual([['4:23'], ['4:23']]);
    });

    it('entityNamesMustBeUnique: across databases, and names that map to one table', async () => {
        const doc = await checkFixture('names/invalid-duplicate-entities.arch');
        expect(issues(doc)).toEqual([
            '11:16-11:20 error entity/duplicate-name',
            '12:16-12:26 error entity/duplicate-name'
        ]);
        expect(related(doc, IssueCodes.DuplicateEntity)).toEqual([['7:16'], ['8:16']]);
    });

    it('componentNameShouldBePortable: upper case, accents and over-long names warn', async () => {
        const doc = await checkFixture('names/invalid-not-portable.arch');
        expect(issues(doc)).toEqual([
            '2:24-2:31 warning component/name-not-portable',
            '4:23-4:31 warning component/name-not-portable',
            '5:23-5:87 warning component/name-not-portable'
        ]);
        expect(doc.diagnostics[0]!.message).toContain("'webshop'");
        expect(doc.diagnostics[1]!.message).toContain("'cafe-api'");
        expect(doc.hasErrors).toBe(false);
    });

    it('componentNamesMustNotCollide: different names, one service name', async () => {
        const doc = await checkFixture('names/invalid-name-collision.arch');
        expect(issues(doc)).toEqual([
            '5:23-5:34 error component/name-collision',
            '6:23-6:34 error component/name-collision'
        ]);
        expect(related(doc, IssueCodes.NameCollision)).toEqual([['4:23'], ['4:23']]);
        expect(suggestions(doc, IssueCodes.NameCollision)).toEqual([undefined, undefined]);
    });
});
