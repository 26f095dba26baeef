/**
 * Bad input anywhere gives located diagnostics, never a crash: every prefix
 * of the examples (cut at many points), and the examples with a token
 * dropped or doubled, check without an exception and without an internal
 * check failure, and every diagnostic has a code and a range inside the text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { check } from './test-support/index.js';

const examples = ['ecommerce.arch', 'ecommerce-arch-tx.arch', 'lab.arch'].map(name => ({
    name,
    text: readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8')
}));

async function expectLocated(text: string): Promise<void> {
    const result = await check(text);
    const lines = text.split('\n');
    for (const d of result.diagnostics) {
        expect(d.code, d.message).not.toBe('internal/check-failed');
        expect(d.code).toMatch(/^[a-z-]+\/[a-z-]+$/);
        expect(d.message.length).toBeGreaterThan(0);
        expect(d.range.start.line).toBeLessThanOrEqual(lines.length);
    }
}

/** Evenly spread cut points, deterministic. */
function cuts(length: number, count: number): number[] {
    return Array.from({ length: count }, (_, i) => Math.floor(((i + 1) * length) / (count + 1)));
}

describe.each(examples)('$name', ({ text }) => {
    test('every prefix checks without a crash', async () => {
        for (const at of cuts(text.length, 60)) await expectLocated(text.slice(0, at));
    });

    test('a dropped or doubled word checks without a crash', async () => {
        const words = [...text.matchAll(/\S+/g)];
        for (const at of cuts(words.length, 40)) {
            const w = words[at]!;
            const start = w.index!;
            const end = start + w[0].length;
            await expectLocated(text.slice(0, start) + text.slice(end));
            await expectLocated(text.slice(0, end) + ' ' + w[0] + text.slice(end));
        }
    });
});

test('garbage is a located syntax error', async () => {
    const result = await check('architecture:\n  component backend a ### {{\n  connector ? -> ;\n');
    expect(result.hasErrors).toBe(true);
    const errors = result.diagnostics.filter(d => d.severity === 'error');
    expect(errors.map(d => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`)).toEqual([
        '2:23 syntax/invalid-character',
        '2:28 syntax/unexpected-token',
        '3:13 syntax/invalid-character',
        '3:15 syntax/unexpected-token',
        '3:18 syntax/invalid-character'
    ]);
});

test('an empty file says what is missing', async () => {
    const result = await check('');
    expect(result.diagnostics.map(d => d.code)).toEqual(['syntax/unexpected-token']);
});
