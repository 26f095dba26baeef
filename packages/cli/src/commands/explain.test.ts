import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { ALL_ISSUE_CODES, suggest } from '@archgen/language';
import { noColors } from '../colors.js';
import { RULES_DIR, parseRule } from '../rules.js';
import { ANSI, runCli, tempDir } from '../test-support/index.js';
import { renderRule, resolveCode } from './explain.js';

const page = (code: string) => readFile(`${RULES_DIR}${code}.md`, 'utf8');

describe('archgen explain <code>', () => {
    test('prints the page as plain text: title, sections, indented models, links as paths', async () => {
        const result = await runCli(['explain', 'connector/self-loop'], { cwd: await tempDir() });
        expect(result).toMatchObject({ code: 0, stderr: '' });
        const lines = result.stdout.split('\n');
        expect(lines[0]).toBe('connector/self-loop: Connector to itself');
        expect(lines).toEqual(expect.arrayContaining(['Why', 'Wrong', 'Right', 'How to fix']));
        expect(lines).toContain('    architecture shop:');
        expect(lines).toContain('        connector http orders -> orders');
        expect(result.stdout).not.toMatch(/^#|```/m);
        expect(result.stdout).toContain('(docs/language.md#81-which-components-each-connector-may-join)');
        expect(result.stdout).not.toMatch(ANSI);
    });

    test('colours the headings on a terminal, and never with NO_COLOR', async () => {
        const cwd = await tempDir();
        const tty = await runCli(['explain', 'connector/self-loop'], { cwd, tty: true });
        expect(tty.stdout.split('\n')[0]).toMatch(ANSI);
        const noColor = await runCli(['explain', 'connector/self-loop'], { cwd, tty: true, env: { NO_COLOR: '' } });
        expect(noColor.stdout).not.toMatch(ANSI);
    });

    test('aligns tables and drops their separator rows', async () => {
        const result = await runCli(['explain', 'connector/incompatible-kinds'], { cwd: await tempDir() });
        expect(result.code).toBe(0);
        expect(result.stdout).not.toContain('| --- |');
        expect(result.stdout).toMatch(/^Connector +From +To$/m);
        expect(result.stdout).toMatch(/^`db_connector` +`backend`, `mqtp` +`database`$/m);
    });

    test('--format markdown prints the page as it is written', async () => {
        const result = await runCli(['explain', 'connector/self-loop', '--format', 'markdown'], { cwd: await tempDir(), tty: true });
        expect(result).toMatchObject({ code: 0, stderr: '' });
        expect(result.stdout).toBe(await page('connector/self-loop'));
    });

    test('a code without its area is found when no other code shares it', async () => {
        const result = await runCli(['explain', 'self-loop'], { cwd: await tempDir() });
        expect(result.code).toBe(0);
        expect(result.stdout.split('\n')[0]).toBe('connector/self-loop: Connector to itself');
    });

    test('an ambiguous code exits 2 and lists the candidates', async () => {
        const result = await runCli(['explain', 'unknown-kind'], { cwd: await tempDir() });
        expect(result).toMatchObject({ code: 2, stdout: '' });
        expect(result.stderr).toBe("archgen: explain: 'unknown-kind' names several codes: component/unknown-kind, connector/unknown-kind. Give one of them.\n");
    });

    test('an unknown code exits 2 with one line naming it and the closest code', async () => {
        const result = await runCli(['explain', 'connector/self-lop'], { cwd: await tempDir() });
        expect(result).toMatchObject({ code: 2, stdout: '' });
        expect(result.stderr).toBe("archgen: explain: unknown code 'connector/self-lop'. Did you mean 'connector/self-loop'?\n");
    });

    test('an unknown code with nothing close points at --list', async () => {
        const result = await runCli(['explain', 'quantum/entanglement'], { cwd: await tempDir() });
        expect(result.code).toBe(2);
        expect(result.stderr.trimEnd().split('\n')).toEqual(["archgen: explain: unknown code 'quantum/entanglement'. Run 'archgen explain --list' for every code."]);
    });

    test('without a code or --list it is a usage error', async () => {
        const result = await runCli(['explain'], { cwd: await tempDir() });
        expect(result).toMatchObject({ code: 2, stdout: '' });
        expect(result.stderr).toMatch(/^archgen: explain: name a code/);
    });
});

describe('archgen explain --list', () => {
    test('prints every code with its title, one per line, sorted', async () => {
        const result = await runCli(['explain', '--list'], { cwd: await tempDir() });
        expect(result).toMatchObject({ code: 0, stderr: '' });
        const lines = result.stdout.trimEnd().split('\n');
        expect(lines.map(l => l.split(/\s+/)[0])).toEqual([...ALL_ISSUE_CODES].sort());
        expect(lines).toContainEqual(expect.stringMatching(/^connector\/self-loop +Connector to itself$/));
        expect(lines).toContainEqual(expect.stringMatching(/^component\/unknown-kind +Unknown component kind$/));
    });

    test('--format markdown prints a table linking each page', async () => {
        const result = await runCli(['explain', '--list', '--format', 'markdown'], { cwd: await tempDir() });
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/^\| Code \| Title \|\n\| --- \| --- \|\n/);
        expect(result.stdout).toContain('| [`connector/self-loop`](connector/self-loop.md) | Connector to itself |');
    });

    test('a code and --list together are a usage error', async () => {
        const result = await runCli(['explain', 'connector/self-loop', '--list'], { cwd: await tempDir() });
        expect(result).toMatchObject({ code: 2, stdout: '' });
    });
});

describe('resolveCode', () => {
    const codes = [...ALL_ISSUE_CODES].sort();

    test('forgives case, `_` and spaces', () => {
        expect(resolveCode('Connector/Self-Loop', codes, suggest)).toBe('connector/self-loop');
        expect(resolveCode('load_balancer/no_targets', codes, suggest)).toBe('load-balancer/no-targets');
    });

    test('an area alone is ambiguous and lists its codes', () => {
        expect(() => resolveCode('import', codes, suggest))
            .toThrow("'import' names several codes: import/duplicate, import/not-arch-file, import/not-found, import/self.");
    });

    test('suggests a code for a misspelt name without its area when that name is unique', () => {
        expect(() => resolveCode('self-lop', codes, suggest)).toThrow("Did you mean 'connector/self-loop'?");
    });
});

describe('renderRule', () => {
    test('plain text: emphasis and links over line breaks, code spans in links, lists kept', () => {
        const rule = parseRule('area/name', [
            '# area/name: A title',
            '',
            'The **rule**, with a *quick fix that runs',
            'over a line* and a `code * span`.',
            '',
            '- one item;',
            '- another.',
            '',
            'See also: [bounds: `min` and',
            '`max`](../../language.md#56-bounds-min-and-max).',
            ''
        ].join('\n'));
        expect(renderRule(rule, noColors)).toBe([
            'area/name: A title',
            '',
            'The rule, with a quick fix that runs',
            'over a line and a `code * span`.',
            '',
            '- one item;',
            '- another.',
            '',
            'See also: bounds: `min` and',
            '`max` (docs/language.md#56-bounds-min-and-max).',
            ''
        ].join('\n'));
    });
});
