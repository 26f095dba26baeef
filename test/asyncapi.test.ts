/**
 * (Here, not beside the generator: it loads the repository's examples through
 * the language package, which the generator package never imports.)
 *
 * The AsyncAPI document of the model's messages: valid AsyncAPI 3.0 for the
 * e-commerce (RabbitMQ) and sensors (Mosquitto) examples, one channel per
 * channel with the runtime's envelope, send and receive per service, the
 * brokers as servers whose host comes from the environment contract.
 */
import { Parser } from '@asyncapi/parser';
import type { ArchitectureModel } from '@archgen/model';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../packages/generator/src/generate.js';
import { serviceAjv } from '../packages/generator/src/test-support/ajv.js';
import { loadModel as exampleModel } from './support/models.js';
import { ASYNCAPI_FILE } from '../packages/generator/src/views/services/asyncapi.js';

type Doc = {
    servers: Record<string, { host: string; protocol: string; variables: Record<string, { default: string }> }>;
    channels: Record<string, { address: string; messages: Record<string, { $ref: string }>; servers: { $ref: string }[] }>;
    operations: Record<string, { action: string; channel: { $ref: string } }>;
    components: { messages: Record<string, { payload: { properties: { data: Record<string, unknown> } & Record<string, unknown> } }> };
};

const asyncapiOf = (model: ArchitectureModel) => generate(model, { target: 'compose' }).files.find(f => f.path === ASYNCAPI_FILE);

describe.each(['examples/ecommerce.arch', 'docs/examples/sensors.arch'])('asyncapi.yaml of %s', path => {
    let text: string;
    beforeAll(async () => {
        text = asyncapiOf(await exampleModel(path))!.content;
    });

    it('is valid AsyncAPI 3.0', async () => {
        const { document, diagnostics } = await new Parser().parse(text);
        const errors = diagnostics.filter(d => d.severity === 0);
        expect(errors.map(d => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
        expect(document?.version()).toBe('3.0.0');
    });

    it('is the same bytes each time', async () => {
        expect(asyncapiOf(await exampleModel(path))!.content).toBe(text);
    });
});

describe('the e-commerce messages', () => {
    let doc: Doc;
    beforeAll(async () => {
        doc = parse(asyncapiOf(await exampleModel('examples/ecommerce.arch'))!.content) as Doc;
    });

    it('go through RabbitMQ, found through the environment contract', () => {
        expect(doc.servers).toEqual({
            'rabbitmq-amqp': expect.objectContaining({
                host: '{RABBITMQ_HOST}:{RABBITMQ_PORT}',
                protocol: 'amqp',
                variables: { RABBITMQ_HOST: expect.objectContaining({ default: 'rabbitmq' }), RABBITMQ_PORT: expect.objectContaining({ default: '5672' }) }
            })
        });
    });

    it('have a channel each, addressed by its routing key', () => {
        expect(Object.fromEntries(Object.entries(doc.channels).map(([key, c]) => [key, c.address]))).toEqual({
            payments_requested: 'payments.requested',
            payments_processed: 'payments.processed'
        });
        expect(doc.channels['payments_requested']!.servers).toEqual([{ $ref: '#/servers/rabbitmq-amqp' }]);
    });

    it('are sent and received by the services that publish and consume them', () => {
        expect(Object.entries(doc.operations).map(([key, o]) => `${key} ${o.action} ${o.channel.$ref}`)).toEqual([
            'ecommerce_be_or_receive_payments_processed receive #/channels/payments_processed',
            'ecommerce_be_pmt_send_payments_requested send #/channels/payments_requested',
            'ecommerce_be_pmt_receive_payments_processed receive #/channels/payments_processed',
            'ecommerce_be_pmt_rep_send_payments_processed send #/channels/payments_processed',
            'ecommerce_be_pmt_rep_receive_payments_requested receive #/channels/payments_requested'
        ]);
    });

    it('are envelopes { id, channel, data } whose data the consumers would take', () => {
        const payload = doc.components.messages['payments_requested']!.payload;
        expect(payload).toMatchObject({ required: ['id', 'channel', 'data'], properties: { channel: { const: 'payments.requested' } } });
        expect(payload.properties.data).toMatchObject({ required: ['id', 'order_id', 'total_payment', 'card_number', 'card_expiry'] });
        const validate = serviceAjv().compile(payload);
        const data = { id: '7d1e4a2b-9c3f-4e8a-b5d6-1f2a3b4c5d6e', order_id: 1, total_payment: 45.48, card_number: '4111111111111111', card_expiry: '12/39' };
        expect(validate({ id: 'm-1', channel: 'payments.requested', data })).toBe(true);
        expect(validate({ id: 'm-1', channel: 'payments.processed', data })).toBe(false);
        expect(validate({ id: 'm-1', channel: 'payments.requested', data: { ...data, card_number: 'x'.repeat(20) } })).toBe(false);
        expect(validate({ id: 'm-1', channel: 'payments.requested', data: { ...data, order_id: undefined } })).toBe(false);
    });
});

describe('a model without message_queue connectors', () => {
    it('has no asyncapi.yaml', async () => {
        expect(asyncapiOf(await exampleModel('examples/lab.arch'))).toBeUndefined();
    });
});
