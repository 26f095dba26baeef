import { describe, expect, it } from 'vitest';
import { checkFixture, issues, suggestions } from './__tests__/helpers.js';
import { incompatibility } from './connector.js';
import { IssueCodes } from './issue-codes.js';

describe('connectors', () => {
    it('accepts every compatible pair of kinds', async () => {
        expect(issues(await checkFixture('connector/valid-connectors.arch'))).toEqual([]);
    });

    it('connectorKindMustBeKnown: mq_connector suggests message_queue', async () => {
        const doc = await checkFixture('connector/invalid-unknown-kind.arch');
        expect(issues(doc)).toEqual([
            '4:15-4:27 error connector/unknown-kind',
            '5:15-5:19 error connector/unknown-kind',
            '6:15-6:19 error connector/unknown-kind'
        ]);
        expect(suggestions(doc, IssueCodes.UnknownConnectorKind)).toEqual(['message_queue', 'http', undefined]);
    });

    it('connectorMustLinkCompatibleKinds: anchored on the offending end', async () => {
        expect(issues(await checkFixture('connector/invalid-incompatible.arch'))).toEqual([
            '9:28-9:31 error connector/incompatible-kinds',
            '10:37-10:45 error connector/incompatible-kinds',
            '11:29-11:37 error connector/incompatible-kinds',
            '12:29-12:37 error connector/incompatible-kinds',
            '13:29-13:36 error connector/incompatible-kinds',
            '14:38-14:41 error connector/incompatible-kinds',
            '15:31-15:34 error connector/incompatible-kinds',
            '16:26-16:29 error connector/incompatible-kinds'
        ]);
    });

    it('incompatibility: the rules as a table', () => {
        expect(incompatibility('db_connector', 'backend', 'database')).toBeUndefined();
        expect(incompatibility('db_connector', 'mqtp', 'database')).toBeUndefined();
        expect(incompatibility('http', 'load_balancer', 'frontend')).toBeUndefined();
        expect(incompatibility('http', 'load_balancer', 'api_gateway')).toBeUndefined();
        expect(incompatibility('http', 'frontend', 'backend')).toBeUndefined();
        expect(incompatibility('message_queue', 'mqtp', 'backend')).toBeUndefined();
        expect(incompatibility('db_connector', 'frontend', 'database')?.end).toBe('from');
        expect(incompatibility('http', 'backend', 'database')?.end).toBe('to');
        expect(incompatibility('message_queue', 'database', 'backend')?.end).toBe('from');
        expect(incompatibility('http', 'api_gateway', 'frontend')?.end).toBe('to');
        expect(incompatibility('http', 'load_balancer', 'load_balancer')?.end).toBe('to');
    });

    it('connectorMustNotLinkToItself', async () => {
        expect(issues(await checkFixture('connector/invalid-self-loop.arch'))).toEqual([
            '7:29-7:34 error connector/self-loop',
            '8:38-8:43 error connector/self-loop'
        ]);
    });
});
