import { describe, expect, it } from 'vitest';
import { checkSources } from '../api.js';
import { testServices } from '../test-support/index.js';
import { checkFixtureWithImports, issues, related, suggestions } from './__tests__/helpers.js';
import { IssueCodes } from './issue-codes.js';

const name = (uri: string) => uri.split('/').slice(-2).join('/');

describe('imports', () => {
    it('a model in three files: every file checks clean and the IR holds all of them, each node with its own file', async () => {
        const [root, ...parts] = await checkFixtureWithImports('import/valid-split.arch');
        expect(issues(root!)).toEqual([]);
        expect(parts.map(p => [name(p.uri), p.imported, issues(p)])).toEqual([
            ['_parts/shop-data.arch', true, []],
            ['_parts/shop-services.arch', true, []]
        ]);
        const model = root!.model!;
        expect(model.name).toBe('shop');
        // Imports first, in the order the import graph reaches them, then the importing file's.
        expect(model.components.map(c => c.name)).toEqual(['orders_db', 'stock_db', 'orders', 'stock', 'web', 'gateway']);
        const sourceOf = (n: string) => name(model.components.find(c => c.name === n)!.source.uri);
        expect([sourceOf('orders_db'), sourceOf('orders'), sourceOf('web')])
            .toEqual(['_parts/shop-data.arch', '_parts/shop-services.arch', 'import/valid-split.arch']);
        expect(model.connectors).toHaveLength(6);
        const orders = model.components.find(c => c.name === 'orders');
        expect(orders).toMatchObject({ databases: ['orders_db'], entities: ['Order'] });
        expect(parts.every(p => p.model === undefined)).toBe(true);
    });

    it('importShouldNameAnArchFile and importShouldBeWrittenOnce: missing, repeated, self and extension-less imports', async () => {
        const [doc] = await checkFixtureWithImports('import/invalid-imports.arch');
        expect(issues(doc!)).toEqual([
            '2:12-2:34 error import/not-found',
            '4:12-4:35 warning import/duplicate',
            '5:12-5:34 warning import/self',
            '6:12-6:30 error import/not-arch-file'
        ]);
        expect(suggestions(doc!, IssueCodes.ImportNotFound)).toEqual(['_parts/shop-data.arch']);
        expect(suggestions(doc!, IssueCodes.ImportNotArch)).toEqual(['_parts/shop-data.arch']);
        expect(related(doc!, IssueCodes.ImportDuplicate)).toEqual([['3:12']]);
        expect(doc!.model).toBeUndefined();
    });

    it('names are unique in the whole model: a duplicate is reported in the importing file, naming the other file', async () => {
        const [doc] = await checkFixtureWithImports('import/invalid-across-files.arch');
        expect(issues(doc!)).toEqual([
            '6:24-6:33 error component/duplicate-name',
            '9:31-9:39 error reference/unknown-component',
            '12:16-12:21 error entity/duplicate-name'
        ]);
        const duplicate = doc!.diagnostics.find(d => d.code === IssueCodes.DuplicateComponent)!;
        expect(duplicate.message).toContain("line 3 of 'shop-data.arch'");
        expect(name(duplicate.related[0]!.uri)).toBe('_parts/shop-data.arch');
    });

    const data = `architecture shop:
    component database orders_db
`;
    const services = `architecture shop:
    import "data.arch"
    component backend orders
    connector db_connector orders -> orders_db
`;

    it('a file sees only the names of the files it imports', async () => {
        const results = await checkSources(testServices(), [
            { uri: 'file:///split/a/data.arch', text: data },
            { uri: 'file:///split/a/other.arch', text: 'architecture shop:\n    component backend orders2\n    connector db_connector orders2 -> orders_db\n' }
        ]);
        expect(issues(results[1]!)).toEqual(['3:39-3:48 error reference/unknown-component']);
    });

    it('a part of a model is checked as part of the whole: no unconnected warning for what another file connects', async () => {
        const alone = await checkSources(testServices(), [{ uri: 'file:///split/b/data.arch', text: data }]);
        expect(issues(alone[0]!)).toEqual(['2:24-2:33 warning component/unconnected']);
        const together = await checkSources(testServices(), [
            { uri: 'file:///split/b/data.arch', text: data },
            { uri: 'file:///split/b/services.arch', text: services }
        ]);
        expect(together.map(r => issues(r))).toEqual([[], []]);
        // The part was checked as part of the whole, not as a model of its own: only the whole gets an IR.
        expect(together.map(r => r.model?.components.map(c => c.name))).toEqual([undefined, ['orders_db', 'orders']]);
    });

    it('no IR for a part whose checks the importer satisfies: its load balancer has targets only in the importer', async () => {
        const results = await checkSources(testServices(), [
            { uri: 'file:///split/e/main.arch', text: 'architecture shop:\n    import "edge.arch"\n    component frontend web\n    connector http edge_lb -> web\n' },
            { uri: 'file:///split/e/edge.arch', text: 'architecture shop:\n    component load_balancer edge_lb\n' }
        ]);
        expect(results.map(r => [issues(r), r.model?.components.map(c => c.name)])).toEqual([[[], ['edge_lb', 'web']], [[], undefined]]);
        const alone = await checkSources(testServices(), [{ uri: 'file:///split/e/edge.arch', text: 'architecture shop:\n    component load_balancer edge_lb\n' }]);
        expect(alone[0]!.diagnostics.map(d => d.code)).toContain('load-balancer/no-targets');
    });

    it('imports may form a cycle: each file sees the other, both build the same model', async () => {
        const results = await checkSources(testServices(), [
            { uri: 'file:///split/c/data.arch', text: 'architecture shop:\n    import "services.arch"\n    component database orders_db\n' },
            { uri: 'file:///split/c/services.arch', text: services }
        ]);
        expect(results.map(r => issues(r))).toEqual([[], []]);
        expect(results.map(r => r.model?.components.map(c => c.name).sort())).toEqual([['orders', 'orders_db'], ['orders', 'orders_db']]);
    });

    it('an error in an imported file keeps the importing file from building a model', async () => {
        const results = await checkSources(testServices(), [
            { uri: 'file:///split/d/services.arch', text: services },
            { uri: 'file:///split/d/data.arch', text: 'architecture shop:\n    component databse orders_db\n' }
        ]);
        expect(results.map(r => [r.hasErrors, r.model === undefined])).toEqual([[false, true], [true, true]]);
        expect(issues(results[1]!)).toEqual(['2:15-2:22 error component/unknown-kind']);
    });
});
