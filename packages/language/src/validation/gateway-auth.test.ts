import { describe, expect, it } from 'vitest';
import { checkFixture, issues, suggestions } from './__tests__/helpers.js';
import { IssueCodes } from './issue-codes.js';

describe('gateway authentication', () => {
    it('accepts declared and inferred issuers and roles', async () => {
        expect(issues(await checkFixture('gateway/valid-gateway.arch'))).toEqual([]);
    });

    it('authSchemeMustBeJwt and authIssuerMustBeReachableService', async () => {
        const doc = await checkFixture('gateway/invalid-auth.arch');
        expect(issues(doc)).toEqual([
            '3:48-3:54 error gateway/unknown-auth-scheme',
            '4:56-4:64 error gateway/invalid-issuer',
            '5:57-5:63 error gateway/invalid-issuer',
            '6:43-6:47 error gateway/invalid-issuer'
        ]);
        expect(suggestions(doc, IssueCodes.UnknownAuthScheme)).toEqual(['jwt']);
    });

    it('authExpiryMustBeDuration: a number needs a unit', async () => {
        const doc = await checkFixture('gateway/invalid-expires.arch');
        expect(issues(doc)).toEqual([
            '3:67-3:71 error value/invalid-duration',
            '4:73-4:78 error value/invalid-duration'
        ]);
        expect(suggestions(doc, IssueCodes.InvalidDuration)).toEqual(['3600s', undefined]);
    });

    it('accessRulesMustNameKnownRoles: auth required; declared, inferred or no roles', async () => {
        const doc = await checkFixture('gateway/invalid-roles.arch');
        expect(issues(doc)).toEqual([
            '4:9-4:15 error gateway/unknown-role',
            '5:9-5:17 error gateway/unknown-role',
            '9:34-9:38 error gateway/unknown-role',
            '13:42-13:51 error gateway/unknown-role',
            '17:34-17:39 error gateway/unknown-role'
        ]);
        expect(suggestions(doc, IssueCodes.UnknownRole)).toEqual([undefined, undefined, 'admin', undefined, undefined]);
    });
});
