/**
 * The contract's schemas against the runtime's checks: every field type, many
 * values, validated by ajv configured as the services configure Fastify's and
 * by the generated values.ts. They must agree, except where the list below
 * says why not (a rule JSON Schema cannot state, which the runtime still
 * checks after the contract; a form the contract does not offer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAjv } from '../../test-support/ajv.js';
import { flowModel } from '../../test-support/flows.js';
import { type RuntimeFolder, writeRuntime } from '../../test-support/runtime.js';
import { type JsonObject, type RuntimeField, decimalPattern, nullable, valueSchema } from './schemas.js';

type Checked = { ok: true; value: unknown } | { ok: false; problem: string };
interface Values {
    checkValue(field: RuntimeField, value: unknown, options?: { bounds: boolean }): Checked;
    fromText(field: RuntimeField, raw: string): unknown;
    toApi(entity: { fields: readonly RuntimeField[] }, row: Record<string, unknown>): Record<string, unknown>;
}

const base = { column: 'c', primaryKey: false, required: true, defaulted: false, generated: false, unique: false, secret: false } as const;
const FIELDS: Record<string, RuntimeField> = {
    int: { ...base, name: 'quantity', type: 'int', min: 1, max: 1000 },
    serial: { ...base, name: 'id', type: 'serial' },
    bigint: { ...base, name: 'views', type: 'bigint', min: 0 },
    price: { ...base, name: 'price', type: 'decimal', precision: 10, scale: 2, min: 0 },
    ratio: { ...base, name: 'ratio', type: 'decimal', precision: 2, scale: 2 },
    whole: { ...base, name: 'whole', type: 'decimal', precision: 4, scale: 0 },
    huge: { ...base, name: 'huge', type: 'decimal', precision: 20, scale: 4 },
    name: { ...base, name: 'name', type: 'string', length: 5, min: 2 },
    notes: { ...base, name: 'notes', type: 'text', max: 8 },
    flag: { ...base, name: 'flag', type: 'boolean' },
    day: { ...base, name: 'day', type: 'date' },
    at: { ...base, name: 'at', type: 'timestamp' },
    ref: { ...base, name: 'ref', type: 'uuid' },
    status: { ...base, name: 'status', type: 'enum', values: ['pending', 'paid'] },
    extra: { ...base, name: 'extra', type: 'json' }
};

const SAMPLES: readonly unknown[] = [
    0, 1, -1, 7, 1.5, 1000, 1001, 2_147_483_647, 2_147_483_648, -2_147_483_649, 2 ** 53, 1e21, 1e-7,
    19.99, 1.999, 0.5, 0.99, 99_999_999.99, 100_000_000, 12_345_678.99, -0.5,
    '0', '7', '-3', '+4', '1.5', '19.99', '1.999', '-0.50', '.5', '5.', '000123.4500', ' 19.99', '1e3', '', 'abc', 'abcdef', 'ab\u0000c',
    '9223372036854775807', '9223372036854775808', '99999999999999999999', '12345678901234567.1234',
    true, false, 'true', [], {}, [1], { a: 1 },
    '2024-02-29', '2023-02-29', '2024-13-01', '2024-05-31T14:30:00Z', '2024-05-31T14:30:00.123+02:00', '2024-05-31 14:30:00Z',
    '2024-05-31T14:30', '2024-05-31', '2024-05-31T25:00:00Z',
    '3f5e7a9c-1b2d-4e6f-8a0b-2c4d6e8f0a1b', '3F5E7A9C-1B2D-4E6F-8A0B-2C4D6E8F0A1B', 'urn:uuid:3f5e7a9c-1b2d-4e6f-8a0b-2c4d6e8f0a1b', '3f5e7a9c1b2d4e6f8a0b2c4d6e8f0a1b',
    'pending', 'paid', 'PAID', 'shipped'
];

/**
 * Where the contract and the runtime part ways, on purpose: `runtime` when the contract takes the value
 * and the runtime refuses it after (JSON Schema cannot state the rule; the schema's description says it),
 * `contract` when the contract refuses a form the runtime would also read (the contract is the gate).
 */
const DIGITS_AFTER_THE_POINT = ['price 1.999', 'price 1e-7', 'ratio 1e-7', 'whole 1.5', 'whole 1e-7', 'whole 19.99', 'whole 1.999', 'whole 0.5', 'whole 0.99', 'whole -0.5', 'huge 1e-7']
    .map(d => `${d} runtime`);
const DATE_TIMES_ONLY = ['at "2024-02-29"', 'at "2023-02-29"', 'at "2024-05-31T14:30"', 'at "2024-05-31"'].map(d => `${d} contract`);
const EXPECTED = {
    write: [
        ...DIGITS_AFTER_THE_POINT,
        // Bounds on the text form of a decimal or a big integer, and a big integer's 64-bit range.
        'price "-3" runtime', 'price "-0.50" runtime', 'bigint "-3" runtime', 'bigint "9223372036854775808" runtime', 'bigint "99999999999999999999" runtime',
        // The runtime trims spaces around a decimal's text; the contract takes the digits alone.
        'price " 19.99" contract', 'huge " 19.99" contract',
        ...DATE_TIMES_ONLY
    ],
    text: [
        'bigint "9223372036854775808" runtime', 'bigint "99999999999999999999" runtime',
        'price " 19.99" contract', 'huge " 19.99" contract',
        ...DATE_TIMES_ONLY
    ]
} as const;

let runtime: RuntimeFolder;
let values: Values;

beforeAll(async () => {
    runtime = writeRuntime(flowModel);
    values = await runtime.load<Values>('values');
});

afterAll(() => runtime.remove());

function disagreements(use: 'write' | 'text'): string[] {
    const ajv = serviceAjv();
    const out: string[] = [];
    for (const [label, field] of Object.entries(FIELDS)) {
        const schema = valueSchema(field, use);
        const validate = ajv.compile(schema);
        for (const sample of SAMPLES) {
            let byContract: boolean;
            let byRuntime: boolean;
            if (use === 'write') {
                byContract = validate(sample);
                byRuntime = values.checkValue(field, sample).ok;
            } else {
                if (typeof sample !== 'string') continue;
                // As contract.ts reads a parameter the contract types as a whole number or a boolean.
                const typed = schema['type'] === 'integer' && /^[-+]?\d+$/.test(sample) ? Number(sample)
                    : schema['type'] === 'boolean' && (sample === 'true' || sample === 'false') ? sample === 'true' : sample;
                byContract = validate(typed);
                byRuntime = values.checkValue(field, values.fromText(field, sample), { bounds: false }).ok;
            }
            if (byContract !== byRuntime) out.push(`${label} ${JSON.stringify(sample)} ${byContract ? 'runtime' : 'contract'}`);
        }
    }
    return out;
}

describe('the contract and the runtime agree on every value', () => {
    it('in request bodies and messages (checkValue with bounds)', () => {
        expect(disagreements('write').sort()).toEqual([...EXPECTED.write].sort());
    });

    it('in query parameters and paths (text, checkValue without bounds)', () => {
        expect(disagreements('text').sort()).toEqual([...EXPECTED.text].sort());
    });

    it('on answers: what toApi returns fits the read schemas', () => {
        const ajv = serviceAjv();
        const fields = Object.values(FIELDS);
        const row = {
            quantity: 3, id: 1, views: '9007199254740993', price: '19.99', ratio: '0.50', whole: '12', huge: '1234567890123456.1234',
            name: 'abc', notes: null, flag: true, day: '2024-05-31', at: new Date('2024-05-31T14:30:00Z'),
            ref: '3f5e7a9c-1b2d-4e6f-8a0b-2c4d6e8f0a1b', status: 'paid', extra: { any: ['thing'] }
        };
        const answer = JSON.parse(JSON.stringify(values.toApi({ fields }, row))) as Record<string, unknown>;
        expect(answer['price']).toBe(19.99);
        expect(answer['huge']).toBe('1234567890123456.1234');
        for (const field of fields) {
            const schema: JsonObject = field.required && field.name !== 'notes' ? valueSchema(field, 'read') : nullable(valueSchema(field, 'read'));
            expect(ajv.validate(schema, answer[field.name]), `${field.name}: ${JSON.stringify(answer[field.name])}`).toBe(true);
        }
    });
});

describe('a decimal written as text', () => {
    it('takes at most precision - scale digits before the point and scale after it, zeros aside', () => {
        const pattern = new RegExp(decimalPattern(10, 2), 'u');
        for (const ok of ['0', '12345678', '12345678.99', '00012345678.9900', '.5', '-.5', '+1.', '0.10']) expect(pattern.test(ok), ok).toBe(true);
        for (const bad of ['123456789', '1.999', '.', '-', '1e3', ' 1', '1,5', '.123']) expect(pattern.test(bad), bad).toBe(false);
        const fraction = new RegExp(decimalPattern(2, 2), 'u');
        expect(['0.99', '.5', '0', '-0.10'].every(v => fraction.test(v))).toBe(true);
        expect(['1', '1.5', '0.999'].some(v => fraction.test(v))).toBe(false);
        const whole = new RegExp(decimalPattern(4, 0), 'u');
        expect(['9999', '10.', '10.000'].every(v => whole.test(v))).toBe(true);
        expect(['10000', '1.5', '.5'].some(v => whole.test(v))).toBe(false);
    });
});

describe('schemas', () => {
    it('take null only where the column does', () => {
        expect(nullable({ type: 'string', enum: ['a'] })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
        expect(nullable({ type: ['integer', 'string'] })).toEqual({ type: ['integer', 'string', 'null'] });
        expect(nullable({ description: 'Any JSON value.' })).toEqual({ description: 'Any JSON value.' });
    });

    it('compile under ajv\'s strict mode: the services log nothing about them', () => {
        const ajv = serviceAjv();
        for (const field of Object.values(FIELDS)) {
            for (const use of ['write', 'read', 'text'] as const) expect(() => ajv.compile(nullable(valueSchema(field, use)))).not.toThrow();
        }
    });
});
