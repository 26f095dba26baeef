/**
 * The channels of one service as the runtime's messaging reads them: what it
 * publishes (and on which REST operation), what it consumes (queue, delay,
 * actions), and the hand-written handlers its actions call.
 */
import {
    type ArchitectureModel,
    type Connector,
    type ConsumerAction,
    type MessageChannel,
    type MessageValue,
    type ServiceComponent,
    connectorsTo
} from '@archgen/model';
import { channelConnectorsFrom, channelConnectorsTo } from '../../model-index.js';
import { channelDelayVar } from '../../naming.js';
import { consumerDelayMs } from '../environment.js';
import { sourceRef } from '../source.js';
import { type LiteralValue, tsLiteral } from './literal.js';
import { fieldModel } from './model-view.js';

/** The durable topic exchange of the system: every AMQP channel goes through it, routing key = channel. */
export function messageExchange(model: ArchitectureModel): string {
    return `${model.projectName}.messages`;
}

/** `payments.requested` consumed by `ecommerce-be-pmt-rep` -> `payments.requested.ecommerce-be-pmt-rep`. */
export function consumerQueue(channel: string, service: ServiceComponent): string {
    return `${channel}.${service.serviceName}`;
}

/** The MQTT topic of a channel: `payments.requested` -> `payments/requested`. */
export function mqttTopic(channel: string): string {
    return channel.replace(/\./g, '/');
}

/** True when the model carries messages at all (the workspace then depends on the broker clients). */
export function protocolsUsed(model: ArchitectureModel): { amqp: boolean; mqtt: boolean } {
    const channels = model.connectors.map(c => c.message).filter((m): m is MessageChannel => m !== undefined);
    return { amqp: channels.some(m => m.protocol === 'amqp'), mqtt: channels.some(m => m.protocol === 'mqtt') };
}

export interface ChannelView {
    readonly comment: string;
    readonly channel: string;
    readonly broker: string;
    readonly protocol: MessageChannel['protocol'];
    readonly topic: string;
    /** One FieldModel literal per payload field. */
    readonly payload: readonly string[];
}

export interface PublishView extends ChannelView {
    /** A literal: `{ operation, entity }` or `null`. */
    readonly trigger: string;
}

export interface ConsumeView extends ChannelView {
    readonly queue: string;
    readonly shared: boolean;
    readonly delayEnv: string;
    readonly delayMs: number;
    /** One ActionModel literal per action, with the model line it comes from. */
    readonly actions: readonly { readonly comment: string; readonly literal: string }[];
}

export interface MessagingView {
    readonly exchange: string;
    readonly publishes: readonly PublishView[];
    readonly consumes: readonly ConsumeView[];
}

function channelView(channel: string, connector: Connector, comment: string): ChannelView {
    const message = connector.message!;
    return {
        comment,
        channel,
        broker: message.broker,
        protocol: message.protocol,
        topic: mqttTopic(channel),
        payload: message.payload.fields.map(f => tsLiteral(fieldModel(f, false)))
    };
}

/** A channel a service publishes: the connectors it starts, the first of them (its payload), the trigger. */
export interface Published {
    readonly channel: string;
    readonly connectors: readonly Connector[];
    readonly first: Connector;
    readonly message: MessageChannel;
    readonly trigger: MessageChannel['trigger'];
}

/** The channels a service publishes, in its order: what model.ts's `publishes` and the contracts list. */
export function publishedBy(model: ArchitectureModel, service: ServiceComponent): Published[] {
    const out: Published[] = [];
    for (const channel of service.publishes) {
        const own = channelConnectorsFrom(model, service.name, channel);
        const first = own[0];
        if (!first?.message) continue;
        const trigger = own.find(c => c.message?.trigger !== undefined)?.message?.trigger;
        out.push({ channel, connectors: own, first, message: first.message, trigger });
    }
    return out;
}

export function messagingView(model: ArchitectureModel, service: ServiceComponent): MessagingView {
    const publishes: PublishView[] = [];
    for (const { channel, connectors, first, trigger } of publishedBy(model, service)) {
        const to = connectors.map(c => c.to).join(', ');
        publishes.push({
            ...channelView(channel, first, `${channel} -> ${to} (${sourceRef(first.source)})`),
            trigger: tsLiteral(trigger ? { operation: trigger.operation, entity: trigger.entity } : null)
        });
    }
    const consumes: ConsumeView[] = [];
    for (const channel of service.consumes) {
        const own = channelConnectorsTo(model, service.name, channel);
        const first = own[0];
        if (!first) continue;
        const acting = own.find(c => (c.message?.actions.length ?? 0) > 0) ?? first;
        const from = own.map(c => c.from).join(', ');
        consumes.push({
            ...channelView(channel, first, `${channel} <- ${from} (${sourceRef(acting.source)})`),
            queue: consumerQueue(channel, service),
            shared: first.message!.engine === 'mosquitto',
            delayEnv: channelDelayVar(channel),
            delayMs: consumerDelayMs(model, service, channel),
            actions: acting.message!.actions.map(a => ({ comment: `${a.kind} (${sourceRef(a.source)})`, literal: tsLiteral(actionModel(a)) }))
        });
    }
    return { exchange: messageExchange(model), publishes, consumes };
}

function value(v: MessageValue): LiteralValue {
    return v.kind === 'literal' ? { kind: 'literal', value: v.value } : { kind: 'field', field: v.field };
}

/** The runtime's ActionModel of a consumer action. */
export function actionModel(action: ConsumerAction): LiteralValue {
    switch (action.kind) {
        case 'store':
            return { kind: 'store', entity: action.entity };
        case 'update':
            return {
                kind: 'update',
                entity: action.entity,
                set: action.set.map(s => ({ field: s.field, value: value(s.value) })),
                where: { field: action.where.field, value: value(action.where.value) },
                when: action.when ? { field: action.when.field, value: value(action.when.value) } : null
            };
        case 'validate_card':
            return { kind: 'validate_card', number: action.numberField, expiry: action.expiryField };
        case 'publish':
            return { kind: 'publish', channel: action.channel };
        case 'handler':
            return { kind: 'handler', name: action.name };
    }
}

// ---------------------------------------------------------------- handlers

export interface HandlerView {
    /** The name in the model (`check_thresholds`): the key main.ts registers it under. */
    readonly name: string;
    /** The exported function, a TypeScript identifier. */
    readonly identifier: string;
    /** The module below `src/handlers/`, without extension. */
    readonly module: string;
    /** The channels whose actions call it. */
    readonly channels: readonly string[];
}

/** The handlers a service's actions call, in model order, each with a safe file and function name. */
export function handlersOf(model: ArchitectureModel, service: ServiceComponent): HandlerView[] {
    const byName = new Map<string, string[]>();
    for (const connector of connectorsTo(model, service.name)) {
        if (!connector.message) continue;
        for (const action of connector.message.actions) {
            if (action.kind !== 'handler') continue;
            const channels = byName.get(action.name) ?? [];
            if (!channels.includes(connector.message.channel)) channels.push(connector.message.channel);
            byName.set(action.name, channels);
        }
    }
    const identifiers = new Set<string>();
    const modules = new Set<string>();
    return [...byName].map(([name, channels]) => {
        const identifier = unique(identifierOf(name), identifiers);
        const module = unique(moduleOf(name), modules);
        return { name, identifier, module, channels };
    });
}

function identifierOf(name: string): string {
    const cleaned = name.replace(/[^A-Za-z0-9_$]+/g, '_').replace(/^_+|_+$/g, '') || 'handler';
    return /^[0-9]/.test(cleaned) ? `handler_${cleaned}` : cleaned;
}

function moduleOf(name: string): string {
    return name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[_-]+|[_-]+$/g, '') || 'handler';
}

function unique(candidate: string, taken: Set<string>): string {
    let name = candidate;
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${candidate}_${i}`;
    taken.add(name.toLowerCase());
    return name;
}

