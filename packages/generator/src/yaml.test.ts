import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toYaml } from './yaml.js';

describe('toYaml', () => {
    it('writes block YAML that reads back as the same data', () => {
        const data = {
            asyncapi: '3.0.0',
            on: 'no',
            'a key': { '$ref': '#/x', yes: true, n: null, list: [1, 'two', { three: 3, four: [] }, [5, 6]], empty: {} },
            text: 'line one\nline two: "quoted" # not a comment',
            version: '0.9.1',
            star: '*',
            numbers: [0, -1.5, 1e-7]
        };
        const text = toYaml(data);
        expect(parse(text)).toEqual(data);
        expect(text.endsWith('\n')).toBe(true);
        expect(text).toContain('"on": "no"');
        expect(text).toContain('  $ref: "#/x"');
        expect(text).toContain('    - three: 3\n      four: []');
    });

    it('is deterministic: keys in the order given', () => {
        expect(toYaml({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('b: 1\na:\n  - d: 1\n    c: 2\n');
        expect(toYaml([])).toBe('[]\n');
    });
});
