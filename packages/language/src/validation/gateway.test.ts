import { describe, expect, it } from 'vitest';
import { checkFixture, issues, related, suggestions } from './__tests__/helpers.js';
import { isCorsOrigin } from './gateway.js';
import { IssueCodes } from './issue-codes.js';

describe('gateways', () => {
    it('accepts routes, auth, public and restricted routes, limits and CORS', async () => {
        expect(issues(await checkFixture('gateway/valid-gateway.arch'))).toEqual([]);
    });

    it('gatewayMustExposeSomething: no service reached directly or through a load balancer', async () => {
        expect(issues(await checkFixture('gateway/invalid-exposes-nothing.arch'))).toEqual([
            '4:27-4:34 error gateway/exposes-nothing',
            '5:27-5:41 error gateway/exposes-nothing'
        ]);
    });

    it('routeMustTargetReachableService and routePrefixesMustBeUnique', async () => {
        const doc = await checkFixture('gateway/invalid-routes.arch');
        expect(issues(doc)).toEqual([
            '5:32-5:38 error gateway/route-unreachable',
            '6:30-6:38 error gateway/route-unreachable',
            '7:15-7:28 error gateway/duplicate-route',
            '8:33-8:38 error reference/unknown-component',
            '15:27-15:33 warning exposure/bypasses-gateway'
        ]);
        expect(related(doc, IssueCodes.DuplicateRoute)).toEqual([['4:15']]);
    });

    it('gatewayPathMustBeValid: a leading / and URL-safe characters', async () => {
        const doc = await checkFixture('gateway/invalid-paths.arch');
        expect(issues(doc)).toEqual([
            '4:15-4:26 error gateway/invalid-path',
            '5:15-5:31 error gateway/invalid-path',
            '7:16-7:30 error gateway/invalid-path',
            '8:18-8:36 error gateway/invalid-path'
        ]);
        expect(suggestions(doc, IssueCodes.InvalidPath)).toEqual(['"/api/users"', undefined, undefined, undefined]);
    });

    it('httpMethodsMustBeKnown: upper case required, suggested', async () => {
        const doc = await checkFixture('gateway/invalid-methods.arch');
        expect(issues(doc)).toEqual([
            '5:16-5:19 error gateway/unknown-method',
            '5:21-5:25 error gateway/unknown-method',
            '6:18-6:22 error gateway/unknown-method',
            '6:24-6:29 error gateway/unknown-method'
        ]);
        expect(suggestions(doc, IssueCodes.UnknownMethod)).toEqual(['GET', 'POST', 'GET', undefined]);
    });

    it('rateLimitMustBeValid: at least one request, per second or minute', async () => {
        const doc = await checkFixture('gateway/invalid-rate-limit.arch');
        expect(issues(doc)).toEqual([
            '3:53-3:54 error gateway/invalid-rate-limit',
            '4:61-4:65 error gateway/invalid-rate-limit',
            '5:60-5:63 error gateway/invalid-rate-limit'
        ]);
        expect(suggestions(doc, IssueCodes.InvalidRateLimit)).toEqual([undefined, undefined, 'second']);
    });

    it('corsOriginsMustBeValid', async () => {
        const doc = await checkFixture('gateway/invalid-cors.arch');
        expect(issues(doc)).toEqual([
            '4:14-4:41 error gateway/invalid-cors-origin',
            '4:43-4:68 error gateway/invalid-cors-origin',
            '4:70-4:102 error gateway/invalid-cors-origin',
            '5:14-5:29 error gateway/invalid-cors-origin',
            '5:31-5:61 error gateway/invalid-cors-origin'
        ]);
        expect(suggestions(doc, IssueCodes.InvalidCorsOrigin)[0]).toBe('"https://shop.example.com"');
    });

    it('isCorsOrigin', () => {
        for (const ok of ['*', 'http://localhost', 'https://a.b.example.com:443', 'http://10.0.0.1:8080']) expect(isCorsOrigin(ok)).toBe(true);
        for (const bad of ['', 'localhost', 'https://', 'https://x.com/', 'https://x.com:0', 'https://-x.com', 'ws://x.com']) expect(isCorsOrigin(bad)).toBe(false);
    });

    it('maxBodyMustBeSize', async () => {
        expect(issues(await checkFixture('gateway/invalid-body-size.arch'))).toEqual([
            '3:46-3:51 error gateway/invalid-body-size',
            '4:52-4:56 error gateway/invalid-body-size'
        ]);
    });
});
