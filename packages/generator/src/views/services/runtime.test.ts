/**
 * The runtime's self-contained modules, as generated: written to a temporary
 * folder and imported, so what is tested is what the services run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runManifest } from '../../engine/run.js';
import { templateSet } from '../../engine/templates.js';
import { servicesManifest } from '../../targets/compose/services.js';
import { flowModel } from '../../test-support/flows.js';

interface Card {
    luhnValid(number: unknown): boolean;
    expiryValid(expiry: unknown, now?: Date): boolean;
    checkCard(number: unknown, expiry: unknown, now?: Date): 'approved' | 'declined';
}
interface Ids {
    uuidV5(name: string, namespace?: string): string;
    derivedId(messageId: string, purpose: string): string;
    newMessageId(): string;
}
interface Decimal {
    parseDecimal(value: unknown): { digits: bigint; scale: number } | null;
    multiplyDecimals(a: unknown, b: unknown, scale: number | null): string | null;
    roundDecimal(value: unknown, scale: number | null): string | null;
}
interface Envelope {
    encodeEnvelope(envelope: { id: string; channel: string; data: Record<string, unknown> }): Buffer;
    decodeEnvelope(body: Buffer | string): { ok: true; envelope: unknown } | { ok: false; problem: string };
}

let dir: string;
let card: Card;
let ids: Ids;
let decimal: Decimal;
let envelope: Envelope;

beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'archgen-runtime-'));
    const files = runManifest(flowModel, servicesManifest, templateSet());
    const load = async <T>(path: string): Promise<T> => {
        const source = files.find(f => f.path === `runtime/src/${path}.ts`);
        if (!source) throw new Error(`runtime/src/${path}.ts is not generated`);
        const target = join(dir, `${path.replace(/\//g, '-')}.ts`);
        writeFileSync(target, source.content);
        return (await import(pathToFileURL(target).href)) as T;
    };
    card = await load<Card>('messaging/card');
    ids = await load<Ids>('messaging/ids');
    decimal = await load<Decimal>('flows/decimal');
    envelope = await load<Envelope>('messaging/envelope');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('validate_card', () => {
    it('checks the Luhn digit of 12 to 19 digits, spaces and dashes allowed between them', () => {
        for (const good of ['4111111111111111', '4111 1111 1111 1111', '4111-1111-1111-1111', '5555555555554444', '378282246310005', '6011111111111117', '4222222222222']) {
            expect(card.luhnValid(good), good).toBe(true);
        }
        for (const bad of ['4111111111111112', '1234567812345678', '41111111111', '41111111111111111111', '4111 1111 1111 111a', ' ', '', '-4111111111111111', null, undefined, 4111111111111112, {}]) {
            expect(card.luhnValid(bad), String(bad)).toBe(false);
        }
    });

    it('takes an expiry MM/YY (or MM/YYYY) as valid through the end of its month', () => {
        const now = new Date(Date.UTC(2025, 5, 30, 23, 59));
        expect(card.expiryValid('06/25', now)).toBe(true);
        expect(card.expiryValid('07/25', now)).toBe(true);
        expect(card.expiryValid('12/2030', now)).toBe(true);
        expect(card.expiryValid(' 01 / 26 ', now)).toBe(true);
        expect(card.expiryValid('05/25', now)).toBe(false);
        expect(card.expiryValid('12/24', now)).toBe(false);
        expect(card.expiryValid('13/30', now)).toBe(false);
        expect(card.expiryValid('00/30', now)).toBe(false);
        expect(card.expiryValid('6/30', now)).toBe(false);
        expect(card.expiryValid('06-30', now)).toBe(false);
        expect(card.expiryValid(630, now)).toBe(false);
        expect(card.expiryValid('07/25', new Date(Date.UTC(2025, 6, 1, 0, 0)))).toBe(true);
        expect(card.expiryValid('06/25', new Date(Date.UTC(2025, 6, 1, 0, 0)))).toBe(false);
    });

    it('approves a card only when both hold', () => {
        const now = new Date(Date.UTC(2025, 0, 15));
        expect(card.checkCard('4111 1111 1111 1111', '12/27', now)).toBe('approved');
        expect(card.checkCard('4111 1111 1111 1112', '12/27', now)).toBe('declined');
        expect(card.checkCard('4111 1111 1111 1111', '12/24', now)).toBe('declined');
        expect(card.checkCard(undefined, undefined, now)).toBe('declined');
    });
});

describe('message ids', () => {
    it('computes RFC 9562 UUID v5', () => {
        // The RFC's DNS namespace example.
        expect(ids.uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
        expect(() => ids.uuidV5('x', 'not-a-uuid')).toThrow(/not a UUID/);
    });

    it('derives the same id from the same message and purpose, and different ones otherwise', () => {
        const message = '0b7c2f4e-2a1d-4c55-9a77-5f0e3c9d1a01';
        const first = ids.derivedId(message, 'transaction_id');
        expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(ids.derivedId(message, 'transaction_id')).toBe(first);
        expect(ids.derivedId(message, 'publish/payments.processed/0')).not.toBe(first);
        expect(ids.derivedId('0b7c2f4e-2a1d-4c55-9a77-5f0e3c9d1a02', 'transaction_id')).not.toBe(first);
        expect(ids.newMessageId()).not.toBe(ids.newMessageId());
        expect(ids.newMessageId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    });
});

describe('exact decimals for call rules', () => {
    it('multiplies without binary floating point and rounds half away from zero to the field', () => {
        expect(decimal.multiplyDecimals(19.99, 2, 2)).toBe('39.98');
        expect(decimal.multiplyDecimals('0.1', 3, 2)).toBe('0.30');
        expect(decimal.multiplyDecimals('1.005', 1, 2)).toBe('1.01');
        expect(decimal.multiplyDecimals('-1.005', 1, 2)).toBe('-1.01');
        expect(decimal.multiplyDecimals('2.5', 1, 0)).toBe('3');
        expect(decimal.multiplyDecimals('0.004', 1, 2)).toBe('0.00');
        expect(decimal.multiplyDecimals('12345678.99', 1000, 2)).toBe('12345678990.00');
        expect(decimal.multiplyDecimals('1.25', '1.5', null)).toBe('1.875');
        expect(decimal.multiplyDecimals(1e-7, 10, 8)).toBe('0.00000100');
        expect(decimal.multiplyDecimals('abc', 2, 2)).toBeNull();
        expect(decimal.multiplyDecimals(Number.NaN, 2, 2)).toBeNull();
        expect(decimal.roundDecimal('.5', 0)).toBe('1');
        expect(decimal.roundDecimal(7, 2)).toBe('7.00');
        expect(decimal.parseDecimal('-0.50')).toEqual({ digits: -50n, scale: 2 });
        expect(decimal.parseDecimal('.')).toBeNull();
    });
});

describe('the message envelope', () => {
    it('is { id, channel, data } as JSON, and anything else is refused with a reason', () => {
        const body = envelope.encodeEnvelope({ id: 'm-1', channel: 'payments.requested', data: { order_id: 7 } });
        expect(JSON.parse(body.toString('utf8'))).toEqual({ id: 'm-1', channel: 'payments.requested', data: { order_id: 7 } });
        expect(envelope.decodeEnvelope(body)).toEqual({ ok: true, envelope: { id: 'm-1', channel: 'payments.requested', data: { order_id: 7 } } });
        expect(envelope.decodeEnvelope('nope')).toEqual({ ok: false, problem: 'the body is not JSON' });
        expect(envelope.decodeEnvelope('[]')).toEqual({ ok: false, problem: 'the body is not a JSON object' });
        expect(envelope.decodeEnvelope(JSON.stringify({ id: 'x'.repeat(65), channel: 'c', data: {} }))).toMatchObject({ ok: false });
        expect(envelope.decodeEnvelope(JSON.stringify({ id: 'a', channel: 'c', data: [] }))).toEqual({ ok: false, problem: "'data' must be a JSON object" });
    });
});
