/**
 * The AsyncAPI 3.0 document of the model's messages: `asyncapi.yaml` at the
 * root of the output, when the model has message_queue connectors.
 *
 * One server per broker and protocol (its host and port are the variables of
 * the environment contract), one channel per channel of the model (its
 * address: the AMQP routing key through the system's topic exchange, or the
 * MQTT topic), one message per channel: the runtime's envelope
 * `{ id, channel, data }` with the payload's fields in `data`, as the
 * consumers check them (messaging/actions.ts `payloadProblems`); and per
 * service a `send` operation for each channel it publishes and a `receive`
 * operation for each it consumes.
 */
import {
    type ArchitectureModel,
    type Broker,
    type BrokerProtocol,
    type Connector,
    type MessageChannel,
    connectorsOfChannel,
    isService
} from '@archgen/model';
import { channelConnectorsTo } from '../../model-index.js';
import { MQTT_VARS, RABBITMQ_VARS, channelDelayVar } from '../../naming.js';
import { toYaml } from '../../yaml.js';
import { consumerDelayMs } from '../environment.js';
import { CONTAINER_PORTS, speaksMqtt } from '../ports.js';
import { consumerQueue, messageExchange, mqttTopic, publishedBy } from './messaging.js';
import { servedData } from './model-view.js';
import { type Json, type JsonObject, described, nullable, runtimeField, valueSchema } from './schemas.js';

export const ASYNCAPI_VERSION = '3.0.0';
export const ASYNCAPI_FILE = 'asyncapi.yaml';
/** messaging/envelope.ts MAX_ID_LENGTH. */
const MAX_ID_LENGTH = 64;

/** True when the model carries messages: the document is written then. */
export function hasMessages(model: ArchitectureModel): boolean {
    return model.connectors.some(c => c.message !== undefined);
}

export interface AsyncApiView {
    /** The document as YAML. */
    readonly document: string;
}

export function asyncApiView(model: ArchitectureModel): AsyncApiView {
    return { document: toYaml(asyncApiDocument(model)) };
}

/** `payments.requested` -> `payments_requested`: a key AsyncAPI takes (letters, digits, `_`, `-`). */
function keyOf(name: string): string {
    return name.replace(/[^A-Za-z0-9_-]+/g, '_');
}

/** Keys for names, each once: two names that would clash get a number. */
function keyring(): (name: string) => string {
    const given = new Map<string, string>();
    const taken = new Set<string>();
    return name => {
        const known = given.get(name);
        if (known) return known;
        let candidate = keyOf(name);
        for (let i = 2; taken.has(candidate); i++) candidate = `${keyOf(name)}_${i}`;
        taken.add(candidate);
        given.set(name, candidate);
        return candidate;
    };
}

function serverKey(broker: string, protocol: BrokerProtocol): string {
    return keyOf(`${broker}-${protocol}`);
}

export function asyncApiDocument(model: ArchitectureModel): JsonObject {
    const channelKey = keyring();
    const operationKey = keyring();
    const exchange = messageExchange(model);
    const carried = channelsOf(model);

    const servers: Record<string, Json> = {};
    const securitySchemes: Record<string, Json> = {};
    for (const broker of model.brokers) {
        for (const protocol of protocolsOf(broker)) {
            const secured = broker.engine === 'rabbitmq';
            if (secured) securitySchemes[keyOf(broker.name)] = { type: 'userPassword', description: `${RABBITMQ_VARS.user} and ${RABBITMQ_VARS.password} (from .env).` };
            servers[serverKey(broker.name, protocol)] = serverOf(broker, protocol, secured);
        }
    }

    const channels: Record<string, Json> = {};
    const messages: Record<string, Json> = {};
    for (const { channel, message, connectors } of carried) {
        const key = channelKey(channel);
        messages[key] = messageOf(channel, message, connectors);
        channels[key] = {
            address: message.protocol === 'mqtt' ? mqttTopic(channel) : channel,
            title: channel,
            description: `${message.protocol === 'mqtt' ? `MQTT topic '${mqttTopic(channel)}'` : `AMQP routing key '${channel}' on the durable topic exchange '${exchange}'`}, carried by '${message.broker}'; delivered at least once: a consumer acknowledges a message once it has handled it (after its database commit).`,
            servers: [{ $ref: `#/servers/${serverKey(message.broker, message.protocol)}` }],
            messages: { [key]: { $ref: `#/components/messages/${key}` } },
            ...(message.protocol === 'amqp'
                ? { bindings: { amqp: { is: 'routingKey', exchange: { name: exchange, type: 'topic', durable: true, autoDelete: false, vhost: '/' }, bindingVersion: '0.3.0' } } }
                : {})
        };
    }

    const operations: Record<string, Json> = {};
    for (const service of model.components.filter(isService)) {
        for (const published of publishedBy(model, service)) {
            const key = channelKey(published.channel);
            const trigger = published.trigger;
            operations[operationKey(`${service.name}_send_${published.channel}`)] = {
                action: 'send',
                channel: { $ref: `#/channels/${key}` },
                summary: `${service.name} publishes ${published.channel}.`,
                description: trigger
                    ? `When its API ${trigger.operation}s a ${trigger.entity}: sent with the broker's confirmation before the commit (the API answers 202).`
                    : 'By its consumers\' actions or hand-written code, with the broker\'s confirmation.',
                messages: [{ $ref: `#/channels/${key}/messages/${key}` }],
                ...(published.message.protocol === 'amqp'
                    ? { bindings: { amqp: { deliveryMode: 2, bindingVersion: '0.3.0' } } }
                    : { bindings: { mqtt: { qos: 1, retain: false, bindingVersion: '0.2.0' } } })
            };
        }
        for (const channel of service.consumes) {
            const own = channelConnectorsTo(model, service.name, channel);
            const first = own[0]?.message;
            if (!first) continue;
            const acting = own.find(c => (c.message?.actions.length ?? 0) > 0)?.message ?? first;
            const key = channelKey(channel);
            const delay = consumerDelayMs(model, service, channel);
            const via = first.protocol === 'amqp'
                ? `the durable queue '${consumerQueue(channel, service)}' (its replicas share it)`
                : first.engine === 'mosquitto'
                    ? `the shared subscription '$share/${service.serviceName}/${mqttTopic(channel)}' at QoS 1`
                    : `a QoS 1 subscription to '${mqttTopic(channel)}'`;
            operations[operationKey(`${service.name}_receive_${channel}`)] = {
                action: 'receive',
                channel: { $ref: `#/channels/${key}` },
                summary: `${service.name} consumes ${channel}.`,
                description: [
                    `Through ${via}.`,
                    delay > 0 ? `Waits ${channelDelayVar(channel)} (default ${delay} ms) before acting.` : undefined,
                    acting.actions.length > 0 ? `Then: ${acting.actions.map(a => a.kind === 'publish' ? `publish ${a.channel}` : a.kind === 'handler' ? `handler ${a.name}` : a.kind === 'validate_card' ? 'validate_card' : `${a.kind} ${a.entity}`).join(', ')}.` : undefined,
                    servedData(model, service).database
                        ? 'A message it has handled before changes nothing twice: its id is recorded with the changes.'
                        : 'A copy of a message it has handled publishes the same messages again (their ids come from its id), which their consumers skip.'
                ].filter(s => s !== undefined).join(' '),
                messages: [{ $ref: `#/channels/${key}/messages/${key}` }],
                ...(first.protocol === 'amqp'
                    ? { bindings: { amqp: { ack: true, bindingVersion: '0.3.0' } } }
                    : { bindings: { mqtt: { qos: 1, bindingVersion: '0.2.0' } } })
            };
        }
    }

    return {
        asyncapi: ASYNCAPI_VERSION,
        info: {
            title: `${model.name}: messages`,
            version: '0.1.0',
            description: `The channels of the architecture '${model.name}' and what travels on them, generated by archgen. Every message is JSON: { id, channel, data }.`
        },
        defaultContentType: 'application/json',
        servers,
        channels,
        operations,
        components: {
            messages,
            ...(Object.keys(securitySchemes).length > 0 ? { securitySchemes } : {})
        }
    };
}

function protocolsOf(broker: Broker): BrokerProtocol[] {
    const out: BrokerProtocol[] = [];
    if (broker.engine === 'rabbitmq') out.push('amqp');
    if (speaksMqtt(broker)) out.push('mqtt');
    return out;
}

function serverOf(broker: Broker, protocol: BrokerProtocol, secured: boolean): JsonObject {
    const vars = protocol === 'amqp' ? RABBITMQ_VARS : MQTT_VARS;
    const port = protocol === 'amqp' ? CONTAINER_PORTS.amqp : CONTAINER_PORTS.mqtt;
    return {
        host: `{${vars.host}}:{${vars.port}}`,
        protocol,
        protocolVersion: protocol === 'amqp' ? '0-9-1' : '3.1.1',  // the runtime's clients: amqplib, mqtt.js with protocolVersion 4
        description: `${broker.engine === 'rabbitmq' ? 'RabbitMQ' : 'Mosquitto'} '${broker.name}'${protocol === 'mqtt' && broker.engine === 'rabbitmq' ? ' (its MQTT plugin)' : ''}. Services find it through ${vars.host} and ${vars.port}.`,
        variables: {
            [vars.host]: { default: broker.name, description: `${vars.host}: its host name (the compose service name).` },
            [vars.port]: { default: String(port), description: `${vars.port}.` }
        },
        ...(secured ? { security: [{ $ref: `#/components/securitySchemes/${keyOf(broker.name)}` }] } : {})
    };
}

interface Carried {
    readonly channel: string;
    /** The connector whose payload the channel carries (the first that declares one). */
    readonly message: MessageChannel;
    readonly connectors: readonly Connector[];
}

/** Every channel of the model, in model order. */
function channelsOf(model: ArchitectureModel): Carried[] {
    const out: Carried[] = [];
    const listed = new Set<string>();
    for (const connector of model.connectors) {
        const message = connector.message;
        if (!message || listed.has(message.channel)) continue;
        listed.add(message.channel);
        const connectors = connectorsOfChannel(model, message.channel);
        const declared = connectors.find(c => (c.message?.payload.fields.length ?? 0) > 0)?.message ?? message;
        out.push({ channel: message.channel, message: declared, connectors });
    }
    return out;
}

function messageOf(channel: string, message: MessageChannel, connectors: readonly Connector[]): JsonObject {
    const fields = message.payload.fields;
    const from = [...new Set(connectors.map(c => c.from))];
    const to = [...new Set(connectors.map(c => c.to))];
    const properties: Record<string, Json> = {};
    for (const field of fields) {
        const runtime = runtimeField(field);
        const schema = valueSchema(runtime, 'write');
        properties[field.name] = described(runtime.required ? schema : nullable(schema), field.doc);
    }
    const required = fields.map(f => runtimeField(f)).filter(f => f.required && !f.generated).map(f => f.name);
    const data: JsonObject = fields.length === 0
        ? { type: 'object', description: 'The channel declares no payload: the whole row that triggered it, or what the publisher sends.' }
        : {
            type: 'object',
            ...(required.length > 0 ? { required } : {}),
            properties,
            description: `The payload${message.payload.entity ? `, shaped after ${message.payload.entity}` : ''}. Consumers set aside a message whose data lacks a required field or has a value of the wrong type.`
        };
    return {
        name: channel,
        title: channel,
        summary: `${from.join(', ')} -> ${to.join(', ')}`,
        contentType: 'application/json',
        payload: {
            type: 'object',
            required: ['id', 'channel', 'data'],
            properties: {
                id: { type: 'string', minLength: 1, maxLength: MAX_ID_LENGTH, description: 'The message id: what idempotent consumers record.' },
                channel: { type: 'string', const: channel },
                data
            }
        }
    };
}
