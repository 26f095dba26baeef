import { describe, expect, it } from 'vitest';
import { check } from '../test-support/index.js';
import { checkFixture, issues, suggestions } from './__tests__/helpers.js';
import { IssueCodes } from './issue-codes.js';

describe('fields', () => {
    it('accepts every type, its arguments, modifiers, defaults, bounds and references', async () => {
        expect(issues(await checkFixture('field/valid-fields.arch'))).toEqual([]);
    });

    it('fieldTypeMustBeKnown: aliases suggest the archgen type', async () => {
        const doc = await checkFixture('field/invalid-types.arch');
        expect(issues(doc)).toEqual([
            '7:16-7:23 error field/unknown-type',
            '8:18-8:25 error field/unknown-type',
            '9:20-9:24 error field/unknown-type',
            '10:19-10:24 error field/unknown-type',
            '11:21-11:29 error field/unknown-type'
        ]);
        expect(suggestions(doc, IssueCodes.UnknownFieldType)).toEqual(['int', 'string', 'boolean', undefined, 'timestamp']);
    });

    it('fieldTypeArgumentsMustFit', async () => {
        expect(issues(await checkFixture('field/invalid-type-arguments.arch'))).toEqual([
            '7:22-7:23 error field/invalid-type-arguments',
            '8:22-8:30 error field/invalid-type-arguments',
            '9:26-9:27 error field/invalid-type-arguments',
            '10:22-10:26 error field/invalid-type-arguments',
            '11:23-11:24 error field/invalid-type-arguments',
            '12:27-12:29 error field/invalid-type-arguments',
            '13:30-13:31 error field/invalid-type-arguments',
            '14:23-14:27 error field/invalid-type-arguments',
            '15:15-15:19 error field/invalid-type-arguments',
            '16:25-16:28 error field/invalid-type-arguments',
            '17:20-17:21 error field/invalid-type-arguments',
            '17:23-17:34 error field/invalid-type-arguments',
            '18:19-18:21 error field/invalid-type-arguments',
            '19:20-19:23 error field/invalid-type-arguments'
        ]);
    });

    it('fieldModifiersMustNotRepeat and fieldModifiersMustNotConflict', async () => {
        expect(issues(await checkFixture('field/invalid-modifiers.arch'))).toEqual([
            '7:35-7:46 error field/duplicate-modifier',
            '8:35-8:41 error field/duplicate-modifier',
            '9:34-9:42 error field/conflicting-modifiers',
            '10:38-10:49 error entity/multiple-primary-keys',
            '10:38-10:49 error field/conflicting-modifiers',
            '11:37-11:46 error field/duplicate-modifier',
            '11:53-11:58 error field/duplicate-modifier',
            '11:65-11:70 error field/duplicate-modifier'
        ]);
    });

    it('fieldModifiersMustNotRepeat names a repeated sum as sum (not as references)', async () => {
        const doc = await check([
            'architecture:',
            '    component backend b',
            '    component database d {',
            '        entity Order {',
            '            id serial primary key',
            '            total decimal(12,2) default 0 sum Line.amount sum Line.amount',
            '        }',
            '        entity Line {',
            '            id serial primary key',
            '            order_id int references Order',
            '            amount decimal(12,2)',
            '        }',
            '    }',
            '    connector db_connector b -> d'
        ].join('\n'));
        const repeated = doc.diagnostics.filter(d => d.code === IssueCodes.DuplicateModifier);
        expect(repeated.map(d => `${d.range.start.line + 1}:${d.range.start.character + 1}`)).toEqual(['6:59']);
        expect(repeated[0]!.message).toContain("Modifier 'sum'");
    });

    it('fieldDefaultMustFitType', async () => {
        const doc = await checkFixture('field/invalid-defaults.arch');
        expect(issues(doc)).toEqual([
            '7:43-7:44 error field/invalid-default',
            '8:31-8:34 error field/invalid-default',
            '9:34-9:40 error field/invalid-default',
            '10:35-10:39 error field/invalid-default',
            '11:36-11:50 error field/invalid-default',
            '12:34-12:37 error field/invalid-default',
            '13:38-13:42 error field/invalid-default',
            '14:44-14:48 error field/invalid-default',
            '15:45-15:50 error field/invalid-default',
            '16:34-16:39 error field/invalid-default',
            '17:39-17:51 error field/invalid-default',
            '18:35-18:37 error field/invalid-default',
            '19:37-19:48 error field/invalid-default',
            '20:32-20:37 error field/invalid-default'
        ]);
        expect(suggestions(doc, IssueCodes.InvalidDefault).filter(s => s !== undefined)).toEqual(['true', 'small']);
    });

    it('fieldBoundsMustFit', async () => {
        expect(issues(await checkFixture('field/invalid-bounds.arch'))).toEqual([
            '8:34-8:35 error field/invalid-bounds',
            '9:30-9:32 error field/invalid-bounds',
            '10:34-10:35 error field/invalid-bounds',
            '11:44-11:45 error field/invalid-bounds',
            '12:33-12:36 error field/invalid-bounds',
            '13:29-13:31 error field/invalid-bounds',
            '14:47-14:51 error field/invalid-bounds'
        ]);
    });

    it('referenceTypeShouldMatchKey: warnings, with the key type to use', async () => {
        const doc = await checkFixture('field/invalid-reference-types.arch');
        expect(issues(doc)).toEqual([
            '11:25-11:31 warning field/reference-type-mismatch',
            '12:24-12:27 warning field/reference-type-mismatch',
            '13:23-13:26 warning field/reference-type-mismatch',
            '14:20-14:24 warning field/reference-type-mismatch',
            '15:21-15:27 warning field/reference-type-mismatch'
        ]);
        expect(suggestions(doc, IssueCodes.ReferenceTypeMismatch)).toEqual(['int', 'uuid', 'bigint', 'int', undefined]);
        expect(doc.hasErrors).toBe(false);
    });

    it('fieldNameMustNotBeReservedWord: PostgreSQL words everywhere, MySQL words on mysql', async () => {
        const doc = await checkFixture('field/invalid-reserved-words.arch');
        expect(issues(doc)).toEqual([
            '9:13-9:18 error field/reserved-word',
            '10:13-10:17 error field/reserved-word',
            '11:13-11:18 error field/reserved-word',
            '12:13-12:19 error field/reserved-word',
            '13:13-13:20 error field/reserved-word',
            '20:47-20:51 error field/reserved-word',
            '20:57-20:60 error field/reserved-word',
            '20:69-20:74 error field/reserved-word'
        ]);
        expect(suggestions(doc, IssueCodes.ReservedWord).slice(0, 2)).toEqual(['order_ref', 'user_ref']);
    });

    it('references to unknown entities, with a suggestion', async () => {
        const doc = await checkFixture('field/invalid-unknown-references.arch');
        expect(issues(doc)).toEqual([
            '8:74-8:81 error reference/unknown-entity',
            '14:17-14:21 error reference/unknown-entity',
            '15:24-15:31 error reference/unknown-entity'
        ]);
        expect(suggestions(doc, IssueCodes.UnresolvedEntity)).toEqual(['Customer', 'Order', undefined]);
    });
});
