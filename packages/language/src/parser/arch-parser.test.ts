import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLangiumParser, EmptyFileSystem, isCompositeCstNode, type AstNode, type CstNode, type LangiumParser } from 'langium';
import { describe, expect, it } from 'vitest';
import { syntheticModel } from '../../../../bench/synthetic.mjs';
import { createArchgenServices } from '../arch-module.js';
import { ArchLanguageMetaData } from '../generated/module.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Every .arch file of the examples and the language's fixtures (valid and broken ones). */
function archFiles(dir: string): string[] {
    return readdirSync(dir).flatMap(name => {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) return archFiles(full);
        return name.endsWith('.arch') ? [full] : [];
    });
}

/** The CST as plain data: every node's kind, position, range and children (leaves with their token type). */
function cst(node: CstNode): unknown {
    const base = { offset: node.offset, length: node.length, range: node.range, hidden: node.hidden, text: node.text };
    if (isCompositeCstNode(node)) return { ...base, content: node.content.map(cst) };
    return { ...base, token: (node as { tokenType?: { name: string } }).tokenType?.name };
}

/** The AST as plain data, without the back references. */
function ast(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(ast);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
        if (key === '$container' || key === '$cstNode' || key === '$document') continue;
        if (value && typeof value === 'object' && '$refText' in value) out[key] = (value as { $refText: string }).$refText;
        else out[key] = ast(value);
    }
    return out;
}

function parseWith(parser: LangiumParser, text: string) {
    const result = parser.parse<AstNode>(text);
    return {
        ast: ast(result.value),
        cst: cst(result.value.$cstNode!),
        parserErrors: result.parserErrors.map(e => e.message),
        lexerErrors: result.lexerErrors.map(e => e.message)
    };
}

describe('ArchParser', () => {
    const ours = createArchgenServices(EmptyFileSystem).archgen;
    // Langium's own parser, built in development mode: Chevrotain checks the grammar (archgen runs in production mode).
    const development = createArchgenServices(EmptyFileSystem).archgen;
    const langium = createLangiumParser(new Proxy(development, {
        get: (target, key) => (key === 'LanguageMetaData' ? ArchLanguageMetaData : Reflect.get(target, key))
    }));

    it('runs in production mode, and the grammar passes the checks of development mode', () => {
        expect(ours.LanguageMetaData.mode).toBe('production');
        expect(ArchLanguageMetaData.mode).toBe('development');
        expect(langium).toBeDefined();
    });
    const files = [...archFiles(path.join(ROOT, 'examples')), ...archFiles(path.join(ROOT, 'packages/language/src/validation/__fixtures__'))];

    it('builds the same AST and CST as Langium on every example and fixture, broken ones included', () => {
        expect(files.length).toBeGreaterThan(20);
        for (const file of files) {
            const text = readFileSync(file, 'utf8');
            expect(parseWith(ours.parser.LangiumParser, text), path.relative(ROOT, file)).toEqual(parseWith(langium, text));
        }
    });

    it('places comments and computes ranges as Langium does, with CRLF and lone CR line ends', () => {
        const text = '/** a */\r\narchitecture x:\r\n  // one\r  component backend a /* two\r\nlines */ { replicas 2 }\n  /** three */\n  component database b\n// last';
        expect(parseWith(ours.parser.LangiumParser, text)).toEqual(parseWith(langium, text));
    });

    it('builds the same trees for a synthetic model of 200 components', () => {
        const text = syntheticModel({ components: 200 });
        expect(parseWith(ours.parser.LangiumParser, text)).toEqual(parseWith(langium, text));
    });
});
