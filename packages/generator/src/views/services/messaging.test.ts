import { type ArchitectureModel, type ServiceComponent, isService } from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { ecommerceModel, minimalModel, variantsModel } from '../../test-support/fixtures.js';
import { flowModel } from '../../test-support/flows.js';
import { consumerQueue, handlersOf, messageExchange, messagingView, mqttTopic, protocolsUsed } from './messaging.js';

const svc = (model: ArchitectureModel, name: string): ServiceComponent => model.components.filter(isService).find(s => s.name === name)!;

describe('the messaging of a service', () => {
    it('names the exchange after the project, and each queue after its channel and consumer', () => {
        expect(messageExchange(flowModel)).toBe('flow.messages');
        expect(consumerQueue('payments.requested', svc(flowModel, 'processor'))).toBe('payments.requested.processor');
        expect(mqttTopic('readings.created.v2')).toBe('readings/created/v2');
    });

    it('publishes on its trigger, with the payload of the channel', () => {
        const view = messagingView(flowModel, svc(flowModel, 'payments'));
        expect(view.publishes).toHaveLength(1);
        expect(view.publishes[0]).toMatchObject({
            comment: 'payments.requested -> processor (flow.arch:59)',
            channel: 'payments.requested', broker: 'rabbitmq', protocol: 'amqp', topic: 'payments/requested',
            trigger: '{ operation: "create", entity: "Payment" }'
        });
        expect(view.publishes[0]!.payload.map(p => /name: "(\w+)"/.exec(p)![1])).toEqual(['id', 'order_id', 'amount', 'card_number', 'card_expiry']);
        // The processor publishes from its actions: no trigger.
        expect(messagingView(flowModel, svc(flowModel, 'processor')).publishes[0]).toMatchObject({ channel: 'payments.processed', trigger: 'null' });
    });

    it('consumes from its queue after the delay of its connector, with the actions of its connector', () => {
        const processor = messagingView(flowModel, svc(flowModel, 'processor')).consumes[0]!;
        expect(processor).toMatchObject({
            channel: 'payments.requested', queue: 'payments.requested.processor', shared: false,
            delayEnv: 'PAYMENTS_REQUESTED_DELAY_MS', delayMs: 30_000
        });
        expect(processor.actions).toEqual([
            { comment: 'validate_card (flow.arch:61)', literal: '{ kind: "validate_card", number: "card_number", expiry: "card_expiry" }' },
            { comment: 'publish (flow.arch:62)', literal: '{ kind: "publish", channel: "payments.processed" }' }
        ]);
        // Two consumers of one channel: each with its own queue and its own actions.
        const payments = messagingView(flowModel, svc(flowModel, 'payments')).consumes[0]!;
        const orders = messagingView(flowModel, svc(flowModel, 'orders')).consumes[0]!;
        expect([payments.queue, orders.queue]).toEqual(['payments.processed.payments', 'payments.processed.orders']);
        expect(payments.actions.map(a => a.literal)).toEqual([
            '{ kind: "update", entity: "Payment", set: [{ field: "status", value: { kind: "field", field: "status" } }, { field: "transaction_id", value: { kind: "field", field: "transaction_id" } }], where: { field: "id", value: { kind: "field", field: "id" } }, when: null }'
        ]);
        expect(orders.actions[0]!.literal).toContain('when: { field: "status", value: { kind: "literal", value: "approved" } }');
    });

    it('shares MQTT subscriptions on Mosquitto', () => {
        const notifier = messagingView(variantsModel, svc(variantsModel, 'notifier')).consumes[0]!;
        expect(notifier).toMatchObject({ protocol: 'mqtt', topic: 'catalog/changed', shared: true, delayEnv: 'CATALOG_CHANGED_DELAY_MS', delayMs: 250 });
    });

    it('knows which broker clients the workspace needs', () => {
        expect(protocolsUsed(flowModel)).toEqual({ amqp: true, mqtt: false });
        expect(protocolsUsed(variantsModel)).toEqual({ amqp: false, mqtt: true });
        expect(protocolsUsed(ecommerceModel)).toEqual({ amqp: true, mqtt: true });
        expect(protocolsUsed(minimalModel)).toEqual({ amqp: false, mqtt: false });
    });

    it('gives every handler a file and a function name of its own, once', () => {
        expect(handlersOf(flowModel, svc(flowModel, 'orders'))).toEqual([
            { name: 'notify-customer', identifier: 'notify_customer', module: 'notify-customer', channels: ['payments.processed'] },
            { name: '2nd check!', identifier: 'handler_2nd_check', module: '2nd_check', channels: ['payments.processed'] }
        ]);
        expect(handlersOf(variantsModel, svc(variantsModel, 'notifier'))).toEqual([
            { name: 'notifySubscribers', identifier: 'notifySubscribers', module: 'notifySubscribers', channels: ['catalog.changed'] }
        ]);
        expect(handlersOf(flowModel, svc(flowModel, 'payments'))).toEqual([]);
    });
});
