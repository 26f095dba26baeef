/**
 * The rule pages (docs/rules/<code>.md) are tested like the examples: every
 * code has a page of the fixed shape, no page outlives its code, and the
 * models of each page do what the page says, checked with the real language
 * services: every Wrong model reports the page's code, every Right model
 * neither reports it nor has errors.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { describe, expect, test } from 'vitest';
import { ALL_ISSUE_CODES, checkSources, createArchgenServices, type CheckedDocument } from '@archgen/language';
import { RULES_DIR, exampleModels, loadRule, parseRule, type ExampleFile, type RuleDoc } from './rules.js';

/** The one code no model can cause: its page has no Wrong and Right models. */
const NO_EXAMPLES = new Set(['internal/check-failed']);

const services = createArchgenServices(EmptyFileSystem);

/** Every page in the rules folder, as the code its path names. */
function pageCodes(): string[] {
    return readdirSync(RULES_DIR, { recursive: true, encoding: 'utf8' })
        .map(p => p.split('\\').join('/'))
        .filter(p => p.endsWith('.md'))
        .map(p => p.slice(0, -'.md'.length))
        .sort();
}

function readPage(code: string): RuleDoc {
    return parseRule(code, readFileSync(`${RULES_DIR}${code}.md`, 'utf8'));
}

/** Checks the files of one example model together, the first being the file the example is about. */
function checkModel(code: string, side: string, index: number, files: readonly ExampleFile[]): Promise<CheckedDocument[]> {
    const folder = `file:///rules/${code}/${side}-${index}/`;
    return checkSources(services, files.map(f => ({ uri: folder + f.path, text: f.text })));
}

/** `line:col severity code` of a result's diagnostics (1-based), for readable failures. */
function described(results: readonly CheckedDocument[]): string[] {
    return results.flatMap(r => r.diagnostics.map(d =>
        `${r.uri.split('/').pop()}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}`));
}

/** The anchors of the headings of docs/language.md, as GitHub makes them. */
function languageAnchors(): Set<string> {
    const markdown = readFileSync(new URL('../../../docs/language.md', import.meta.url), 'utf8');
    const anchors = new Set<string>();
    for (const m of markdown.matchAll(/^#{1,6} (.+)$/gm)) {
        anchors.add(m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
    }
    return anchors;
}

test.each(ALL_ISSUE_CODES)('%s has a page of the fixed shape', async code => {
    const rule = await loadRule(code);
    expect(rule, `docs/rules/${code}.md is missing`).toBeDefined();
    expect(rule!.title.length).toBeGreaterThan(0);
    expect(rule!.summary.length).toBeGreaterThan(40);
    for (const heading of ['## Why', '## How to fix']) expect(rule!.markdown).toContain(`\n${heading}\n`);
    expect(rule!.markdown).toMatch(/^See also: \[[^\]]+\]\(\.\.\/\.\.\/language\.md#/m);
    if (NO_EXAMPLES.has(code)) {
        expect([rule!.wrong, rule!.right]).toEqual([[], []]);
    } else {
        expect(rule!.wrong.length, 'a ```arch block under ## Wrong').toBeGreaterThan(0);
        expect(rule!.right.length, 'a ```arch block under ## Right').toBeGreaterThan(0);
    }
});

test('no page exists for a code that does not exist', () => {
    const codes: readonly string[] = ALL_ISSUE_CODES;
    expect(pageCodes().filter(code => !codes.includes(code))).toEqual([]);
});

test('every link of a page into the language reference names one of its sections', () => {
    const anchors = languageAnchors();
    const broken = pageCodes().flatMap(code => [...readPage(code).markdown.matchAll(/\]\((?:\.\.\/)+language\.md#([^)]+)\)/g)]
        .map(m => m[1]!).filter(anchor => !anchors.has(anchor)).map(anchor => `${code}: #${anchor}`));
    expect(broken).toEqual([]);
});

describe.each(pageCodes().filter(code => !NO_EXAMPLES.has(code)))('the models of %s', code => {
    const rule = readPage(code);

    test('each Wrong model reports the code', async () => {
        for (const [index, files] of exampleModels(rule.wrong).entries()) {
            const results = await checkModel(code, 'wrong', index, files);
            expect(results[0]!.diagnostics.map(d => d.code), described(results).join('\n')).toContain(code);
        }
    });

    test('each Right model neither reports the code nor has errors', async () => {
        for (const [index, files] of exampleModels(rule.right).entries()) {
            const results = await checkModel(code, 'right', index, files);
            const wrong = results.flatMap(r => r.diagnostics).filter(d => d.code === code || d.severity === 'error');
            expect(wrong.map(d => d.code), described(results).join('\n')).toEqual([]);
        }
    });
});

test('a model in several files: blocks that name their files form one model, the first is checked', () => {
    expect(exampleModels(['architecture a:\n', 'architecture b:\n'])).toEqual([
        [{ path: 'model.arch', text: 'architecture a:\n' }],
        [{ path: 'model.arch', text: 'architecture b:\n' }]
    ]);
    expect(exampleModels(['// file: shop.arch\narchitecture shop:\n', '// file: parts/data.arch\narchitecture shop:\n'])).toEqual([[
        { path: 'shop.arch', text: '// file: shop.arch\narchitecture shop:\n' },
        { path: 'parts/data.arch', text: '// file: parts/data.arch\narchitecture shop:\n' }
    ]]);
    expect(() => exampleModels(['// file: shop.arch\n', 'architecture b:\n'])).toThrow(/must start with/);
});
