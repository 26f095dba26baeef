import { describe, expect, it } from 'vitest';
import { checkFixture, issues, suggestions } from './__tests__/helpers.js';
import { IssueCodes } from './issue-codes.js';

describe('load balancers', () => {
    it('accepts strategies and health checks', async () => {
        expect(issues(await checkFixture('load-balancer/valid-load-balancer.arch'))).toEqual([]);
    });

    it('loadBalancerMustHaveTargets: no outgoing http connector', async () => {
        expect(issues(await checkFixture('load-balancer/invalid-no-targets.arch'))).toEqual([
            '2:29-2:37 warning component/unconnected',
            '2:29-2:37 error load-balancer/no-targets',
            '4:29-4:35 error load-balancer/no-targets'
        ]);
    });

    it('loadBalancerMustHaveTargets: an unresolved target is reported once, as a reference', async () => {
        expect(issues(await checkFixture('load-balancer/invalid-unresolved-target.arch'))).toEqual([
            '8:31-8:41 error reference/unknown-component'
        ]);
    });

    it('strategyMustBeKnown: with a suggestion', async () => {
        const doc = await checkFixture('load-balancer/invalid-strategy.arch');
        expect(issues(doc)).toEqual([
            '2:48-2:58 error load-balancer/unknown-strategy',
            '3:49-3:65 error load-balancer/unknown-strategy',
            '4:49-4:55 error load-balancer/unknown-strategy'
        ]);
        expect(suggestions(doc, IssueCodes.UnknownStrategy)).toEqual(['round_robin', 'least_connections', undefined]);
    });

    it('healthMustBeValid: path, durations, max_fails, repeated options', async () => {
        const doc = await checkFixture('load-balancer/invalid-health.arch');
        expect(issues(doc)).toEqual([
            '3:16-3:24 error load-balancer/invalid-health',
            '3:34-3:35 error value/invalid-duration',
            '3:46-3:47 error load-balancer/invalid-health',
            '3:61-3:64 error value/invalid-duration',
            '3:65-3:73 error load-balancer/invalid-health',
            '5:57-5:59 error load-balancer/invalid-health'
        ]);
        expect(suggestions(doc, IssueCodes.InvalidDuration)).toEqual(['5s', undefined]);
    });
});
