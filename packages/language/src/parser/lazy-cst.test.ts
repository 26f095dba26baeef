import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CstUtils, EmptyFileSystem, isReference, type AstNode, type CstNode, type ParserOptions, type Reference } from 'langium';
import { describe, expect, it } from 'vitest';
import { syntheticModel } from '../../../../bench/synthetic.mjs';
import { inputFor } from '../../../../fuzz/inputs.js';
import { checkSources } from '../api.js';
import { createArchgenServices } from '../arch-module.js';
import { forEachReference } from '../references/linker.js';
import { exampleAndFixtureFiles, REPO_ROOT } from '../test-support/files.js';
import { trees } from '../test-support/trees.js';
import type { Model } from '../generated/ast.js';
import { preorder } from '../util/ast-walk.js';
import { cst } from '../test-support/trees.js';
import { lazyCstBuilds, lazyElementCstBuilds } from './lazy-cst.js';

const LAZY = { cst: 'lazy' } as ParserOptions;

function referencesOf(root: AstNode): Reference[] {
    const found: Reference[] = [];
    for (const node of preorder(root).nodes) forEachReference(node, info => found.push(info.reference as Reference));
    return found;
}

describe('a parse without the CST (lazy-cst.ts)', () => {
    const services = createArchgenServices(EmptyFileSystem).archgen;
    const parser = services.parser.LangiumParser;
    const sources = [
        ...exampleAndFixtureFiles().map(file => ({ name: path.relative(REPO_ROOT, file), text: readFileSync(file, 'utf8') })),
        { name: 'synthetic 200', text: syntheticModel({ components: 200 }) },
        ...Array.from({ length: 150 }, (_, i) => inputFor(9100 + i)).flatMap(input => input.files.map(f => ({ name: `fuzz ${input.seed} ${f.name}`, text: f.text })))
    ];

    it('attaches, when first read, the trees an eager parse makes, linked to its own nodes and references', () => {
        let lazilyParsed = 0;
        for (const { name, text } of sources) {
            const eager = parser.parse(text);
            if (eager.parserErrors.length + eager.lexerErrors.length > 0) continue;
            lazilyParsed++;
            const before = lazyCstBuilds();
            const lazy = parser.parse(text, LAZY);
            const nodes = preorder(lazy.value).nodes;
            // Nothing is built until something reads it.
            expect(nodes.some(n => Object.prototype.hasOwnProperty.call(n, '$cstNode')), name).toBe(false);
            expect(lazyCstBuilds(), name).toBe(before);

            // A read within an element builds that element's CST alone: the same as in the whole file's.
            const elements = (lazy.value as Model).elements;
            const eagerElements = (eager.value as Model).elements;
            const elementsBefore = lazyElementCstBuilds();
            elements.forEach((element, k) => {
                const own = element.$cstNode!;
                const theirs = eagerElements[k]!.$cstNode!;
                expect(cst(own, services, own.root), `${name}: element ${k}`).toStrictEqual(cst(theirs, services, theirs.root));
                expect(own.astNode, name).toBe(element);
            });
            expect(lazyElementCstBuilds() - elementsBefore, name).toBe(elements.length);
            expect(lazyCstBuilds(), name).toBe(before);

            // Reading the root's builds the whole CST, which replaces every element's.
            expect(trees(lazy, services), name).toStrictEqual(trees(eager, services));
            expect(lazyCstBuilds(), name).toBe(before + 1);

            // Each CST node leads back to this tree's nodes, never to the parse the CST came from.
            const own = new Set<AstNode>(nodes);
            for (const node of nodes) {
                expect(Object.prototype.hasOwnProperty.call(node, '$cstNode'), name).toBe(true);
                if (node.$cstNode) expect(node.$cstNode.astNode, name).toBe(node);
            }
            for (const cst of CstUtils.streamCst(lazy.value.$cstNode!)) expect(own.has(cst.astNode), name).toBe(true);

            // Each reference has its CST node, in this tree's CST.
            const refs = referencesOf(lazy.value);
            const eagerRefs = referencesOf(eager.value);
            expect(refs.length).toBe(eagerRefs.length);
            refs.forEach((ref, i) => {
                const refNode = ref.$refNode as CstNode;
                expect(refNode.root, name).toBe(lazy.value.$cstNode);
                expect([refNode.offset, refNode.text], name).toEqual([eagerRefs[i]!.$refNode!.offset, eagerRefs[i]!.$refNode!.text]);
                expect(own.has(refNode.astNode), name).toBe(true);
            });
        }
        expect(lazilyParsed).toBeGreaterThan(100);
    });

    it("builds its element's CST when a reference's $refNode is the first thing read", () => {
        const text = syntheticModel({ components: 20 });
        const lazy = parser.parse(text, LAZY);
        const [before, elementsBefore] = [lazyCstBuilds(), lazyElementCstBuilds()];
        const ref = referencesOf(lazy.value).find(isReference)!;
        expect(ref.$refNode?.text).toBe(ref.$refText);
        expect(ref.$refNode?.range.start.line).toBe(text.slice(0, ref.$refNode!.offset).split('\n').length - 1);
        expect([lazyCstBuilds(), lazyElementCstBuilds()]).toEqual([before, elementsBefore + 1]);
        expect(Object.prototype.hasOwnProperty.call(lazy.value, '$cstNode')).toBe(false);
    });

    it('finds a doc comment before an element whose CST was built alone (the whole CST is built for it)', () => {
        const text = 'architecture x:\n    /** The shop. */\n    component backend shop { replicas 2 }\n    /** Its data. */\n    component database shop_db\n    connector db_connector shop -> shop_db\n';
        const comments = createArchgenServices(EmptyFileSystem).archgen.documentation.CommentProvider;
        const lazy = parser.parse(text, LAZY).value as Model;
        const eager = parser.parse(text).value as Model;
        const before = lazyCstBuilds();
        expect(lazy.elements[1]!.$cstNode?.text).toBe('component database shop_db');
        expect(lazyCstBuilds()).toBe(before);
        expect(lazy.elements.map(e => comments.getComment(e))).toEqual(eager.elements.map(e => comments.getComment(e)));
        expect(comments.getComment(lazy.elements[1]!)).toBe('/** Its data. */');
        expect(lazyCstBuilds()).toBe(before + 1);
    });

    it('parses a text with syntax errors with its CST at once', () => {
        const before = lazyCstBuilds();
        const broken = parser.parse('architecture x:\n  component backend {', LAZY);
        expect(broken.parserErrors.length).toBeGreaterThan(0);
        expect(Object.prototype.hasOwnProperty.call(broken.value, '$cstNode')).toBe(true);
        expect(broken.value.$cstNode?.text).toContain('component backend');
        expect(lazyCstBuilds()).toBe(before);
    });
});

describe('checkSources with a lazy CST', () => {
    const files = exampleAndFixtureFiles();

    it('gives the same diagnostics (codes, ranges, messages) and IR as with the CST built at once', async () => {
        expect(files.length).toBeGreaterThan(20);
        let withDiagnostics = 0;
        for (const file of files) {
            const input = [{ uri: `file:///lazy/${path.basename(file)}`, text: readFileSync(file, 'utf8') }];
            const eager = await checkSources(createArchgenServices(EmptyFileSystem), input, { cst: 'eager' });
            const lazy = await checkSources(createArchgenServices(EmptyFileSystem), input, { cst: 'lazy' });
            const reportOnly = await checkSources(createArchgenServices(EmptyFileSystem), input, { model: false });
            expect(lazy, path.relative(REPO_ROOT, file)).toStrictEqual(eager);
            expect(reportOnly.map(r => r.diagnostics), path.relative(REPO_ROOT, file)).toStrictEqual(eager.map(r => r.diagnostics));
            if (eager.some(r => r.diagnostics.length > 0)) withDiagnostics++;
        }
        expect(withDiagnostics).toBeGreaterThan(10);
    });

    it("builds no CST to check a model without diagnostics, and a warning's element's alone to report it", async () => {
        const services = createArchgenServices(EmptyFileSystem);
        const clean = syntheticModel({ components: 100 });
        let before = lazyCstBuilds();
        const [checked] = await checkSources(services, [{ uri: 'file:///lazy/clean.arch', text: clean }], { model: false });
        expect(checked!.diagnostics).toEqual([]);
        expect(lazyCstBuilds()).toBe(before);

        // A backend that nothing calls: a warning, whose range needs the CST.
        const warned = `${clean}\n    component backend lonely { replicas 1 }\n`;
        before = lazyCstBuilds();
        const elementsBefore = lazyElementCstBuilds();
        const [reported] = await checkSources(services, [{ uri: 'file:///lazy/warned.arch', text: warned }], { model: false });
        const lonely = reported!.diagnostics.filter(d => d.severity === 'warning');
        expect(lonely.length).toBeGreaterThan(0);
        expect(lonely[0]!.range.start.line).toBe(warned.split('\n').length - 2);
        expect(lazyCstBuilds()).toBe(before);
        expect(lazyElementCstBuilds()).toBeGreaterThan(elementsBefore);
    });
});
