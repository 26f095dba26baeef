import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { didYouMean, suggest } from '../util/suggest.js';
import { connectorKind, contextOf, describe, safeChannelOf } from './_context.js';
import { memberRange, memberWord, membersMustNotRepeat } from './_members.js';
import { at, durationMustBeValid, groupBy, lineOf, relatedAt, report } from './_shared.js';
import { brokerOf, channelOf } from '../ir/build-messages.js';
import { IssueCodes } from './issue-codes.js';

export const BROKERS = ['rabbitmq', 'mosquitto', 'mqtt'] as const;
export const PROTOCOLS = ['amqp', 'mqtt'] as const;
export const DELIVERIES = ['at_least_once'] as const;
export const TRIGGER_OPERATIONS = ['create', 'update', 'delete'] as const;

/** `connector http a -> b` as messages name it. */
export function connectorLabel(connector: ast.Connector): string {
    return `connector '${connector.kind}' from '${connector.from?.$refText}' to '${connector.to?.$refText}'`;
}

/** True when the member sits on a connector known not to be a message_queue (reported once, on the member). */
function offQueue(member: ast.ConnectorMember): boolean {
    const kind = connectorKind(member.$container);
    return kind !== undefined && kind !== 'message_queue';
}

/** Channels, payloads, brokers, triggers and consumer actions belong to message_queue connectors only. */
export function messageMembersNeedQueue(connector: ast.Connector, accept: ValidationAcceptor): void {
    const kind = connectorKind(connector);
    if (!kind || kind === 'message_queue') return;
    for (const member of connector.members) {
        if (ast.isCallRule(member)) continue; // call rules belong to http connectors (call.ts)
        report(accept, 'error', IssueCodes.MessageOutsideQueue,
            `Property '${memberWord(member)}' does not apply to ${connectorLabel(connector)}: only message_queue connectors carry messages.`,
            at(member, memberRange(member)));
    }
}

const SINGLE: ReadonlyMap<ast.ConnectorMember['$type'], string> = new Map<ast.ConnectorMember['$type'], string>([
    ['Channel', 'channel'], ['Payload', 'payload'], ['Delay', 'delay'], ['Broker', 'broker'], ['Delivery', 'delivery'],
    ['Trigger', 'trigger'], ['OnMessage', 'on message']
]);

export function connectorMemberMustNotRepeat(connector: ast.Connector, accept: ValidationAcceptor): void {
    const kind = connectorKind(connector);
    if (kind !== undefined && kind !== 'message_queue') return;
    membersMustNotRepeat(connector.members, SINGLE, () => connectorLabel(connector), accept);
}

/** `broker rabbitmq|mosquitto|mqtt (protocol amqp|mqtt)?`; Mosquitto speaks MQTT only. */
export function brokerMustBeKnown(broker: ast.Broker, accept: ValidationAcceptor): void {
    if (offQueue(broker)) return;
    if (broker.engine && !(BROKERS as readonly string[]).includes(broker.engine)) {
        const suggestion = suggest(broker.engine, BROKERS);
        report(accept, 'error', IssueCodes.UnknownBroker,
            `Broker '${broker.engine}' is not supported: use ${BROKERS.join(', ')}.${didYouMean(suggestion)}`,
            { node: broker, property: 'engine' }, suggestion);
    }
    if (!broker.protocol) return;
    if (!(PROTOCOLS as readonly string[]).includes(broker.protocol)) {
        const suggestion = suggest(broker.protocol, PROTOCOLS);
        report(accept, 'error', IssueCodes.UnknownProtocol,
            `Protocol '${broker.protocol}' is not supported: use ${PROTOCOLS.join(' or ')}.${didYouMean(suggestion)}`,
            { node: broker, property: 'protocol' }, suggestion);
    } else if (broker.protocol === 'amqp' && (broker.engine === 'mosquitto' || broker.engine === 'mqtt')) {
        report(accept, 'error', IssueCodes.UnknownProtocol,
            `Broker '${broker.engine}' speaks only mqtt, not amqp: use 'protocol mqtt' or the rabbitmq broker.`,
            { node: broker, property: 'protocol' }, 'mqtt');
    }
}

export function deliveryMustBeAtLeastOnce(delivery: ast.Delivery, accept: ValidationAcceptor): void {
    if (!delivery.mode || offQueue(delivery) || (DELIVERIES as readonly string[]).includes(delivery.mode)) return;
    const suggestion = suggest(delivery.mode, DELIVERIES);
    report(accept, 'error', IssueCodes.UnknownDelivery,
        `Delivery '${delivery.mode}' is not supported: messages are delivered at_least_once, and consumers are idempotent.${didYouMean(suggestion)}`,
        { node: delivery, property: 'mode' }, suggestion);
}

const CHANNEL = /^[A-Za-z0-9._-]+$/;

export function channelMustBeValid(channel: ast.Channel, accept: ValidationAcceptor): void {
    if (channel.name === undefined || offQueue(channel) || CHANNEL.test(channel.name)) return;
    const cleaned = channel.name.trim().replace(/[^A-Za-z0-9._-]+/g, '.').replace(/^\.+|\.+$/g, '');
    report(accept, 'error', IssueCodes.InvalidChannel,
        `Channel '${channel.name}' is not a valid channel name: use letters, digits, '.', '_' and '-' only, such as 'payments.requested'.`,
        { node: channel, property: 'name' }, cleaned ? `"${cleaned}"` : undefined);
}

export function delayMustBeDuration(delay: ast.Delay, accept: ValidationAcceptor): void {
    if (offQueue(delay)) return;
    durationMustBeValid(accept, delay, 'value', delay.value, 'Delay');
}

/** `trigger create Payment`: a known operation on an entity the publisher owns. */
export function triggerMustBeOwnedOperation(trigger: ast.Trigger, accept: ValidationAcceptor): void {
    if (offQueue(trigger)) return;
    if (trigger.operation && !(TRIGGER_OPERATIONS as readonly string[]).includes(trigger.operation)) {
        const suggestion = suggest(trigger.operation, TRIGGER_OPERATIONS);
        report(accept, 'error', IssueCodes.UnknownTriggerOperation,
            `Trigger operation '${trigger.operation}' is not supported: use ${TRIGGER_OPERATIONS.join(', ')}.${didYouMean(suggestion)}`,
            { node: trigger, property: 'operation' }, suggestion);
    }
    const entity = trigger.entity?.ref;
    const publisher = trigger.$container.from?.ref;
    if (!entity || !publisher) return;
    if (contextOf(trigger).ownership.ownsEntity(publisher.name, entity.name)) return;
    report(accept, 'error', IssueCodes.TriggerEntityNotOwned,
        `Entity '${entity.name}' is not owned by the publisher ${describe(publisher)}: a service publishes changes of the entities in its own databases only.`,
        { node: trigger, property: 'entity' });
}

/**
 * All connectors of one channel carry one kind of message on one broker: the
 * payload is declared once (the others share it), and the broker and
 * protocol agree.
 */
export function channelShouldBeConsistent(model: ast.Model, accept: ValidationAcceptor): void {
    const queues = contextOf(model).build.connectors.filter(c => c.kind === 'message_queue');
    for (const [channel, connectors] of groupBy(queues, c => channelOf(c))) {
        if (connectors.length < 2) continue;
        const first = connectors[0]!;
        const firstPayload = connectors.map(c => c.members.find(ast.isPayload)).find(p => p !== undefined);
        const broker = brokerOf(first);
        for (const connector of connectors.slice(1)) {
            const payload = connector.members.find(ast.isPayload);
            if (payload && firstPayload && payload !== firstPayload) {
                report(accept, 'error', IssueCodes.InconsistentChannel,
                    `Channel '${channel}' already declares its payload at line ${lineOf(firstPayload, payload)}: declare it once, the other connectors of the channel share it.`,
                    { node: payload, keyword: 'payload', relatedInformation: relatedAt(firstPayload, 'The payload of the channel.') });
            }
            const other = brokerOf(connector);
            if (other.engine !== broker.engine || other.protocol !== broker.protocol) {
                const member = connector.members.find(ast.isBroker);
                const message = `Channel '${channel}' runs on ${broker.engine} (${broker.protocol}) at line ${lineOf(first, connector)}, not on ${other.engine} (${other.protocol}): one channel lives on one broker.`;
                const relatedInformation = relatedAt(first, 'The channel is first used here.');
                if (member) report(accept, 'error', IssueCodes.InconsistentChannel, message, { node: member, property: 'engine', relatedInformation });
                else report(accept, 'error', IssueCodes.InconsistentChannel, message, { node: connector, property: 'kind', relatedInformation });
            }
        }
    }
}

/**
 * A publisher publishes a channel on one trigger: its connectors of that
 * channel (one per consumer) may repeat the trigger or leave it out, but not
 * name another one, which the generated publisher could not honour.
 */
export function channelTriggerShouldBeOne(model: ast.Model, accept: ValidationAcceptor): void {
    const queues = contextOf(model).build.connectors.filter(c => c.kind === 'message_queue');
    for (const [, connectors] of groupBy(queues, c => {
        const channel = safeChannelOf(c);
        return channel === undefined || !c.from?.ref ? undefined : `${c.from.ref.name}\u0000${channel}`;
    })) {
        if (connectors.length < 2) continue; // one trigger at most: nothing to disagree with
        const triggers = connectors.map(c => c.members.find(ast.isTrigger)).filter((t): t is ast.Trigger => t !== undefined && t.entity?.ref !== undefined);
        const first = triggers[0];
        if (!first) continue;
        for (const trigger of triggers.slice(1)) {
            if (trigger.operation === first.operation && trigger.entity.ref === first.entity.ref) continue;
            const connector = trigger.$container as ast.Connector;
            report(accept, 'error', IssueCodes.InconsistentChannel,
                `Component '${connector.from?.$refText}' already publishes channel '${safeChannelOf(connector)}' on 'trigger ${first.operation} ${first.entity.$refText}' at line ${lineOf(first, trigger)}: a publisher publishes a channel on one trigger; give the other event a channel of its own.`,
                { node: trigger, keyword: 'trigger', relatedInformation: relatedAt(first, 'The channel\'s trigger.') });
        }
    }
}

export const messageChecks: ValidationChecks<ast.ArchgenAstType> = {
    Model: [channelShouldBeConsistent, channelTriggerShouldBeOne],
    Connector: [messageMembersNeedQueue, connectorMemberMustNotRepeat],
    Broker: [brokerMustBeKnown],
    Delivery: [deliveryMustBeAtLeastOnce],
    Channel: [channelMustBeValid],
    Delay: [delayMustBeDuration],
    Trigger: [triggerMustBeOwnedOperation]
};
