import { describe, expect, it } from 'vitest';
import { check } from '../test-support/index.js';
import { checkFixture, issues, related } from './__tests__/helpers.js';
import { stronglyConnected } from './architecture.js';
import { IssueCodes } from './issue-codes.js';

describe('architecture (graph checks)', () => {
    it('accepts the complete e-commerce model without a single diagnostic', async () => {
        expect(issues(await checkFixture('architecture/valid-architecture.arch'))).toEqual([]);
    });

    it('connectorShouldBeDeclaredOnce: same kind and ends (and channel, for queues)', async () => {
        const doc = await checkFixture('architecture/invalid-duplicate-connector.arch');
        expect(issues(doc)).toEqual([
            '8:5-8:36 warning connector/duplicate',
            '11:5-11:44 warning connector/duplicate'
        ]);
        expect(related(doc, IssueCodes.DuplicateConnector)).toEqual([['7:5'], ['9:5']]);
    });

    it('publicPortsMustNotConflict', async () => {
        const doc = await checkFixture('architecture/invalid-port-conflict.arch');
        expect(issues(doc)).toEqual([
            '3:42-3:46 error exposure/port-conflict',
            '4:49-4:53 error exposure/port-conflict'
        ]);
        expect(related(doc, IssueCodes.PortConflict)).toEqual([['2:46'], ['2:46']]);
    });

    it('databaseShouldHaveOneOwner: one warning per database, related to the other owners', async () => {
        const doc = await checkFixture('architecture/invalid-shared-database.arch');
        expect(issues(doc)).toEqual(['12:28-12:34 warning database/shared']);
        expect(related(doc, IssueCodes.SharedDatabase)).toEqual([['11:5', '13:5']]);
    });

    it('serviceShouldUseOneDatabase: a second database of a service, on its db_connector, related to the first', async () => {
        const doc = await checkFixture('architecture/invalid-unserved-database.arch');
        expect(issues(doc)).toEqual(['12:39-12:49 warning database/not-served']);
        expect(doc.diagnostics[0]!.message).toContain("the entities of 'reviews_db' get no API");
        expect(related(doc, IssueCodes.UnservedDatabase)).toEqual([['11:5']]);
    });

    it('httpCallsShouldNotFormCycle: once per cycle, on its first connector', async () => {
        const doc = await checkFixture('architecture/invalid-sync-cycle.arch');
        expect(issues(doc)).toEqual([
            '11:5-11:38 warning http/sync-cycle',
            '15:5-15:34 warning http/sync-cycle'
        ]);
        expect(doc.diagnostics[0]!.message).toContain('orders -> products -> inventory -> orders');
        expect(doc.diagnostics[1]!.message).toContain('users -> audit -> users');
        expect(related(doc, IssueCodes.SyncCycle)).toEqual([['12:5', '13:5'], ['16:5']]);
    });

    it('stronglyConnected: iterative, so a 100,000-long cycle does not overflow the stack', () => {
        const n = 100_000;
        const edges = Array.from({ length: n }, (_, i) => [{ to: (i + 1) % n, connector: undefined as never }]);
        const sccs = stronglyConnected(edges);
        expect(sccs).toHaveLength(1);
        expect(sccs[0]).toHaveLength(n);
        expect(stronglyConnected([[{ to: 1, connector: undefined as never }], []])).toEqual([[1], [0]]);
    });

    it('componentShouldBeConnected', async () => {
        expect(issues(await checkFixture('architecture/invalid-unconnected.arch'))).toEqual([
            '5:23-5:32 warning component/unconnected',
            '6:24-6:33 warning component/unconnected'
        ]);
    });

    it('gatewayShouldNotBeBypassed: frontends, public components and public services', async () => {
        expect(issues(await checkFixture('architecture/invalid-bypass.arch'))).toEqual([
            '7:32-7:48 warning exposure/bypasses-gateway',
            '10:28-10:36 warning exposure/bypasses-gateway',
            '12:27-12:32 warning exposure/bypasses-gateway',
            '13:27-13:35 warning exposure/bypasses-gateway'
        ]);
    });

    it('gatewayShouldNotBeBypassed: nothing to bypass without a gateway', async () => {
        const doc = await check(`architecture nogw:
    component frontend web
    component backend users
    connector http web -> users
`);
        expect(issues(doc)).toEqual([]);
    });
});
