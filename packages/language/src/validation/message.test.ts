import { describe, expect, it } from 'vitest';
import { checkFixture, issues, related, suggestions } from './__tests__/helpers.js';
import { IssueCodes } from './issue-codes.js';

describe('message_queue connectors', () => {
    it('accepts channels, payloads, triggers, delays, brokers and delivery', async () => {
        expect(issues(await checkFixture('message/valid-messages.arch'))).toEqual([]);
    });

    it('messageMembersNeedQueue: message members on http and db_connector', async () => {
        expect(issues(await checkFixture('message/invalid-not-a-queue.arch'))).toEqual([
            '8:9-8:16 error message/not-a-queue',
            '9:9-9:16 error message/not-a-queue',
            '10:9-10:19 error message/not-a-queue',
            '12:50-12:56 error message/not-a-queue',
            '12:67-12:72 error message/not-a-queue'
        ]);
    });

    it('connectorMemberMustNotRepeat', async () => {
        expect(issues(await checkFixture('message/invalid-duplicate-members.arch'))).toEqual([
            '10:9-10:16 error property/duplicate',
            '12:9-12:16 error property/duplicate',
            '14:9-14:14 error property/duplicate',
            '16:9-16:15 error property/duplicate',
            '18:9-18:17 error property/duplicate',
            '20:9-20:19 error property/duplicate'
        ]);
    });

    it('brokerMustBeKnown: engines, protocols, and mosquitto speaking mqtt only', async () => {
        const doc = await checkFixture('message/invalid-broker.arch');
        expect(issues(doc)).toEqual([
            '8:69-8:74 error message/unknown-broker',
            '9:69-9:75 error message/unknown-broker',
            '10:87-10:92 error message/unknown-protocol',
            '11:88-11:92 error message/unknown-protocol'
        ]);
        expect(suggestions(doc, IssueCodes.UnknownBroker)).toEqual([undefined, 'rabbitmq']);
        expect(suggestions(doc, IssueCodes.UnknownProtocol)).toEqual([undefined, 'mqtt']);
    });

    it('deliveryMustBeAtLeastOnce', async () => {
        const doc = await checkFixture('message/invalid-delivery.arch');
        expect(issues(doc)).toEqual([
            '8:71-8:83 error message/unknown-delivery',
            '9:71-9:83 error message/unknown-delivery'
        ]);
        expect(suggestions(doc, IssueCodes.UnknownDelivery)).toEqual([undefined, 'at_least_once']);
    });

    it('channelMustBeValid', async () => {
        const doc = await checkFixture('message/invalid-channel.arch');
        expect(issues(doc)).toEqual([
            '8:57-8:59 error message/invalid-channel',
            '9:57-9:77 error message/invalid-channel',
            '10:57-10:69 error message/invalid-channel'
        ]);
        expect(suggestions(doc, IssueCodes.InvalidChannel)).toEqual([undefined, '"payments.requested"', '"pay.ments"']);
    });

    it('delayMustBeDuration: `delay 30` suggests 30s', async () => {
        const doc = await checkFixture('message/invalid-delay.arch');
        expect(issues(doc)).toEqual([
            '8:68-8:70 error value/invalid-duration',
            '9:68-9:71 error value/invalid-duration',
            '10:68-10:71 error value/invalid-duration'
        ]);
        expect(suggestions(doc, IssueCodes.InvalidDuration)).toEqual(['30s', undefined, '1.5s']);
    });

    it('triggerMustBeOwnedOperation: known operation on an entity the publisher owns', async () => {
        const doc = await checkFixture('message/invalid-trigger.arch');
        expect(issues(doc)).toEqual([
            '14:70-14:76 error message/unknown-trigger',
            '15:70-15:77 error message/unknown-trigger',
            '16:77-16:81 error message/trigger-not-owned',
            '17:77-17:82 error message/trigger-not-owned'
        ]);
        expect(suggestions(doc, IssueCodes.UnknownTriggerOperation)).toEqual(['create', 'create']);
    });

    it('channelShouldBeConsistent: one payload declaration and one broker per channel', async () => {
        const doc = await checkFixture('message/invalid-inconsistent-channel.arch');
        expect(issues(doc)).toEqual([
            '13:9-13:16 error message/inconsistent-channel',
            '14:16-14:25 error message/inconsistent-channel'
        ]);
        expect(doc.diagnostics.find(d => d.code === IssueCodes.InconsistentChannel)!.related[0]!.range.start.line).toBe(8);
    });

    it('channelTriggerShouldBeOne: a publisher publishes a channel on one trigger', async () => {
        const doc = await checkFixture('message/invalid-channel-triggers.arch');
        expect(issues(doc)).toEqual(['13:9-13:16 error message/inconsistent-channel']);
        expect(related(doc, IssueCodes.InconsistentChannel)).toEqual([['9:9']]);
    });
});
