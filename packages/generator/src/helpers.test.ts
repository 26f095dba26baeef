import Handlebars from 'handlebars';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { helpers, registerHelpers } from './helpers.js';

function render(template: string, view: object): string {
    const env = Handlebars.create();
    registerHelpers(env);
    return env.compile(template, { strict: true, noEscape: true })(view);
}

describe('helpers', () => {
    it('registers exactly the documented set', () => {
        expect(Object.keys(helpers).sort()).toEqual(['commentLines', 'join', 'jsonList', 'jsonString', 'mysqlString', 'sqlString', 'yamlList', 'yamlString']);
    });

    it('yamlString quotes any string so YAML reads it back unchanged', () => {
        const tricky = ['yes', '8080:80', '${USERS_DB_PASSWORD}', 'a: b # c', 'line\nbreak', 'quote " and \\ slash', '\u2028', '', '007'];
        for (const value of tricky) {
            const out = render('key: {{yamlString value}}', { value });
            expect(parse(out)).toEqual({ key: value });
        }
        expect(render('{{yamlString n}}', { n: 3000 })).toBe('"3000"');
    });

    it('jsonString and jsonList write JSON that is also a TypeScript literal', () => {
        const tricky = ['plain', 'quote " and \\ slash', 'line\nbreak', '\u2028\u2029', '${X}', ''];
        for (const value of tricky) {
            const out = render('{{jsonString value}}', { value });
            expect(JSON.parse(out)).toBe(value);
            expect(out).not.toMatch(/[\u2028\u2029\n]/);
        }
        expect(render('{{jsonList list}}', { list: ['a', 'b"c'] })).toBe('["a", "b\\"c"]');
        expect(render('{{jsonList list}}', { list: [] })).toBe('[]');
        expect(() => render('{{jsonList x}}', { x: 'no' })).toThrow(/expects a list/);
    });

    it('yamlList writes a flow sequence of quoted strings', () => {
        const test = ['CMD-SHELL', 'pg_isready -U "$${POSTGRES_USER}"'];
        const out = render('test: {{yamlList test}}', { test });
        expect(out).toBe('test: ["CMD-SHELL", "pg_isready -U \\"$${POSTGRES_USER}\\""]');
        expect(parse(out)).toEqual({ test });
    });

    it('join joins with a separator, ", " by default', () => {
        expect(render('{{join list " | "}}', { list: ['a', 'b'] })).toBe('a | b');
        expect(render('{{join list}}', { list: ['id', 'code'] })).toBe('id, code');
        expect(render('{{join list}}', { list: [] })).toBe('');
    });

    it('sqlString and mysqlString write string literals', () => {
        expect(render('{{sqlString v}}', { v: "It's \\ fine" })).toBe("'It''s \\ fine'");
        expect(render('{{mysqlString v}}', { v: "It's \\ fine" })).toBe("'It''s \\\\ fine'");
    });

    it('commentLines prefixes every line', () => {
        expect(render('{{commentLines doc "-- "}}', { doc: 'First.\n\nThird.' })).toBe('-- First.\n--\n-- Third.');
    });

    it('refuses values it cannot print, and missing fields in strict mode', () => {
        expect(() => render('{{yamlString v}}', { v: { a: 1 } })).toThrow(/expects a string/);
        expect(() => render('{{join v}}', { v: 'abc' })).toThrow(/expects a list/);
        expect(() => render('{{missing}}', {})).toThrow(/"missing" not defined/);
    });
});
