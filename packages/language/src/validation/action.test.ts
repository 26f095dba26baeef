import { describe, expect, it } from 'vitest';
import { checkFixture, issues, suggestions } from './__tests__/helpers.js';
import { IssueCodes } from './issue-codes.js';

describe('consumer actions', () => {
    it('accepts the payment flow: validate_card, store, update, publish, handler', async () => {
        expect(issues(await checkFixture('action/valid-actions.arch'))).toEqual([]);
    });

    it('actionEntityMustBeOwned: store and update only the consumer\'s entities', async () => {
        expect(issues(await checkFixture('action/invalid-entity-not-owned.arch'))).toEqual([
            '17:19-17:26 error action/entity-not-owned',
            '18:20-18:25 error action/entity-not-owned'
        ]);
    });

    it('actionFieldsMustBeKnown: entity fields, message fields, validate_card order', async () => {
        const doc = await checkFixture('action/invalid-fields.arch');
        expect(issues(doc)).toEqual([
            '17:30-17:36 error action/unknown-field',
            '17:39-17:45 error action/unknown-field',
            '17:52-17:55 error action/unknown-field',
            '17:70-17:76 error action/unknown-field',
            '18:27-18:38 error action/unknown-field',
            '19:39-19:43 error action/unknown-field',
            '19:55-19:62 error action/unknown-field',
            '24:39-24:43 error action/unknown-field',
            '24:61-24:69 error action/unknown-field'
        ]);
        expect(suggestions(doc, IssueCodes.ActionUnknownField).filter(s => s !== undefined)).toEqual(['status', 'id', 'order_id']);
    });

    it('publishMustNameOwnChannel', async () => {
        const doc = await checkFixture('action/invalid-channel.arch');
        expect(issues(doc)).toEqual([
            '12:30-12:46 error action/unknown-channel',
            '16:30-16:46 error action/unknown-channel'
        ]);
        expect(suggestions(doc, IssueCodes.ActionUnknownChannel)).toEqual(['"payments.result"', undefined]);
    });
});
