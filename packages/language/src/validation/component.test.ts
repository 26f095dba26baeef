import { describe, expect, it } from 'vitest';
import { checkFixture, issues, related, suggestions } from './__tests__/helpers.js';
import { IssueCodes } from './issue-codes.js';

describe('components', () => {
    it('accepts every kind with the members that apply to it', async () => {
        expect(issues(await checkFixture('component/valid-components.arch'))).toEqual([]);
    });

    it('componentKindMustBeKnown: misspelt kinds with a suggestion', async () => {
        const doc = await checkFixture('component/invalid-kinds.arch');
        expect(issues(doc, IssueCodes.UnknownComponentKind)).toEqual([
            '2:15-2:28 error component/unknown-kind',
            '3:15-3:28 error component/unknown-kind',
            '4:15-4:27 error component/unknown-kind',
            '5:15-5:22 error component/unknown-kind',
            '6:15-6:22 error component/unknown-kind',
            '7:15-7:25 error component/unknown-kind'
        ]);
        expect(suggestions(doc, IssueCodes.UnknownComponentKind))
            .toEqual(['load_balancer', 'load_balancer', 'load_balancer', 'frontend', 'backend', undefined]);
    });

    it('memberMustApplyToComponentKind: members of other kinds', async () => {
        const doc = await checkFixture('component/invalid-not-applicable.arch');
        expect(issues(doc)).toEqual([
            '2:30-2:38 error property/not-applicable',
            '2:52-2:58 error property/not-applicable',
            '3:37-3:43 error property/not-applicable',
            '3:54-3:60 error property/not-applicable',
            '4:31-4:35 error property/not-applicable',
            '4:41-4:46 error property/not-applicable',
            '4:62-4:68 error property/not-applicable',
            '5:35-5:43 error property/not-applicable',
            '5:47-5:54 error property/not-applicable',
            '5:56-5:60 error property/not-applicable',
            '5:66-5:74 error property/not-applicable'
        ]);
    });

    it('componentMemberMustNotRepeat: single-valued members, and public with private', async () => {
        const doc = await checkFixture('component/invalid-duplicate-members.arch');
        expect(issues(doc, IssueCodes.PropertyDuplicate)).toEqual([
            '4:9-4:17 error property/duplicate',
            '6:9-6:16 error property/duplicate',
            '8:62-8:72 error property/duplicate',
            '8:100-8:108 error property/duplicate',
            '9:39-9:45 error property/duplicate',
            '10:52-10:58 error property/duplicate',
            '11:56-11:64 error property/duplicate',
            '11:82-11:88 error property/duplicate'
        ]);
        expect(related(doc, IssueCodes.PropertyDuplicate)[1]).toEqual(['5:9']);
    });

    it('replicasMustBeInRange: 1 to 100', async () => {
        expect(issues(await checkFixture('component/invalid-replicas.arch'))).toEqual([
            '2:39-2:40 error component/invalid-replicas',
            '3:46-3:49 error component/invalid-replicas',
            '4:40-4:44 error component/invalid-replicas'
        ]);
    });

    it('portMustBeValid: 1 to 65535', async () => {
        expect(issues(await checkFixture('component/invalid-ports.arch'))).toEqual([
            '2:42-2:43 error exposure/invalid-port',
            '3:49-3:54 error exposure/invalid-port'
        ]);
    });

    it('databaseMustNotBePublic', async () => {
        expect(issues(await checkFixture('component/invalid-public-database.arch'))).toEqual([
            '5:35-5:51 error exposure/public-database'
        ]);
    });

    it('publicComponentShouldNotBeReplicated: only public components, declared or by default', async () => {
        expect(issues(await checkFixture('component/invalid-public-replicated.arch'))).toEqual([
            '3:64-3:65 warning exposure/public-replicated',
            '4:61-4:62 warning exposure/public-replicated'
        ]);
    });

    it('databaseEngineMustBeKnown: postgres or mysql, with a suggestion', async () => {
        const doc = await checkFixture('component/invalid-engine.arch');
        expect(issues(doc)).toEqual([
            '6:42-6:52 error database/unknown-engine',
            '7:43-7:50 error database/unknown-engine'
        ]);
        expect(suggestions(doc, IssueCodes.UnknownEngine)).toEqual(['postgres', undefined]);
    });
});
