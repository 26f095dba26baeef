import type { BrokerEngine, BrokerProtocol, ConsumerAction, MessageChannel, MessageValue } from '@archgen/model';
import * as ast from '../generated/ast.js';
import { parseDuration } from '../util/quantities.js';
import { buildField, type EntityIndex } from './build-entities.js';
import type { BuildContext, Draft } from './context.js';

/** `broker` values and what they mean: engine and protocol. */
export function brokerOf(connector: ast.Connector): { engine: BrokerEngine; protocol: BrokerProtocol } {
    const member = connector.members.find(ast.isBroker);
    const engineWord = member?.engine ?? 'rabbitmq';
    const engine: BrokerEngine = engineWord === 'mosquitto' || engineWord === 'mqtt' ? 'mosquitto' : 'rabbitmq';
    const protocol: BrokerProtocol = member?.protocol === 'mqtt' || engine === 'mosquitto' ? 'mqtt' : 'amqp';
    return { engine, protocol };
}

/** The channel a message_queue connector carries: declared, or `<from>.<to>`. */
export function channelOf(connector: ast.Connector): string {
    const declared = connector.members.find(ast.isChannel);
    return declared ? declared.name : `${connector.from.ref?.name ?? connector.from.$refText}.${connector.to.ref?.name ?? connector.to.$refText}`;
}

export function buildMessage(ctx: BuildContext, index: EntityIndex, connector: ast.Connector): MessageChannel {
    const { engine, protocol } = brokerOf(connector);
    // A channel's payload is declared once; other connectors of the channel share it.
    const channel = channelOf(connector);
    const payloadMember = connector.members.find(ast.isPayload) ?? ctx.channelPayload(channel);
    const payloadEntity = payloadMember?.entity?.ref;
    const fromDatabase = (name: string) => index.databaseOf.get(name) ?? '';
    const payloadFields = payloadEntity
        ? payloadEntity.fields.map(f => buildField(ctx, index, f, fromDatabase(payloadEntity.name)))
        : (payloadMember?.fields ?? []).map(f => buildField(ctx, index, f, ''));
    const delay = connector.members.find(ast.isDelay);
    const trigger = connector.members.find(ast.isTrigger);
    const onMessage = connector.members.find(ast.isOnMessage);
    const message: Draft<MessageChannel> = {
        channel,
        broker: engine,
        engine,
        protocol,
        payload: payloadEntity ? { entity: payloadEntity.name, fields: payloadFields } : { fields: payloadFields },
        delivery: 'at_least_once',
        delayMs: delay ? (parseDuration(delay.value) ?? 0) : 0
    };
    if (trigger?.entity.ref) {
        message.trigger = { operation: trigger.operation as 'create' | 'update' | 'delete', entity: trigger.entity.ref.name };
    }
    message.actions = (onMessage?.actions ?? []).map(a => buildAction(ctx, a));
    return message as MessageChannel;
}

function value(v: ast.Value): MessageValue {
    if (v.string !== undefined) return { kind: 'literal', value: v.string };
    if (v.number !== undefined) return { kind: 'literal', value: v.number };
    return { kind: 'field', field: v.field ?? '' };
}

function buildAction(ctx: BuildContext, action: ast.Action): ConsumerAction {
    const source = ctx.source(action);
    if (ast.isStoreAction(action)) return { kind: 'store', entity: action.entity.ref?.name ?? action.entity.$refText, source };
    if (ast.isValidateCardAction(action)) {
        return { kind: 'validate_card', numberField: action.number, expiryField: action.expiry, source };
    }
    if (ast.isPublishAction(action)) return { kind: 'publish', channel: action.channel, source };
    if (ast.isHandlerAction(action)) return { kind: 'handler', name: action.name, source };
    return {
        kind: 'update',
        entity: action.entity.ref?.name ?? action.entity.$refText,
        set: action.assignments.map(a => ({ field: a.field, value: value(a.value) })),
        where: { field: action.key, value: value(action.keyValue) },
        ...(action.condition ? { when: { field: action.condition.field, value: value(action.condition.value) } } : {}),
        source
    };
}
