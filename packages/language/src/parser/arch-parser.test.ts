import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLangiumParser, EmptyFileSystem, isCompositeCstNode, type AstNode, type CstNode, type LangiumParser } from 'langium';
import { describe, expect, it } from 'vitest';
import { syntheticModel } from '../../../../bench/synthetic.mjs';
import { inputFor } from '../../../../fuzz/inputs.js';
import { createArchgenServices, type ArchgenServices } from '../arch-module.js';
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

/**
 * The CST as plain data: every node's kind, position, range, grammar element
 * (its path in the grammar) and children (leaves with their token type),
 * each marked with whether its `container` is the node holding it.
 */
function cst(node: CstNode, services: ArchgenServices): unknown {
    const source = node.grammarSource ? services.workspace.AstNodeLocator.getAstNodePath(node.grammarSource) : undefined;
    const base = { offset: node.offset, length: node.length, range: node.range, hidden: node.hidden, text: node.text, source };
    // Array.from: Langium's child list is an Array subclass whose `map` would build another one.
    if (isCompositeCstNode(node)) {
        return { ...base, content: Array.from(node.content, child => ({ inParent: child.container === node, ...cst(child, services) as object })) };
    }
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

function parseWith(parser: LangiumParser, text: string, services: ArchgenServices) {
    const result = parser.parse<AstNode>(text);
    return {
        ast: ast(result.value),
        cst: cst(result.value.$cstNode!, services),
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
            expect(parseWith(ours.parser.LangiumParser, text, ours), path.relative(ROOT, file)).toEqual(parseWith(langium, text, development));
        }
    });

    it('places comments and computes ranges as Langium does, with CRLF and lone CR line ends', () => {
        const text = '/** a */\r\narchitecture x:\r\n  // one\r  component backend a /* two\r\nlines */ { replicas 2 }\n  /** three */\n  component database b\n// last';
        expect(parseWith(ours.parser.LangiumParser, text, ours)).toEqual(parseWith(langium, text, development));
    });

    it('builds the same trees for a synthetic model of 200 components', () => {
        const text = syntheticModel({ components: 200 });
        expect(parseWith(ours.parser.LangiumParser, text, ours)).toEqual(parseWith(langium, text, development));
    });

    it('builds the same trees and errors as Langium on 400 fuzz inputs (generated, mutated, token soup)', () => {
        let broken = 0;
        for (let seed = 1; seed <= 400; seed++) {
            for (const file of inputFor(seed).files) {
                const expected = parseWith(langium, file.text, development);
                if (expected.parserErrors.length + expected.lexerErrors.length > 0) broken++;
                expect(parseWith(ours.parser.LangiumParser, file.text, ours), `fuzz seed ${seed}, ${file.name}`).toEqual(expected);
            }
        }
        // Error recovery is exercised, not only clean models.
        expect(broken).toBeGreaterThan(100);
    });
});
