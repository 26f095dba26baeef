import { readdirSync, readFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { describe, expect, test } from 'vitest';
import { createArchgenServices, formatText } from '../index.js';
import { MAX_LINE_WIDTH } from './formatter.js';

const services = createArchgenServices(EmptyFileSystem);
const root = new URL('../../../../', import.meta.url);
/** Every .arch file of examples/ (with the files of a model in several files) and docs/examples/. */
const exampleFiles = ['examples/', 'examples/invoicing/', 'docs/examples/'].flatMap(folder =>
    readdirSync(new URL(folder, root)).filter(f => f.endsWith('.arch')).map(f => `${folder}${f}`));
const format = (text: string) => formatText(services, { uri: 'file:///fmt.arch', text });

describe('the canonical layout', () => {
    test('indents, puts one member per line and spaces tokens', async () => {
        const messy = 'architecture  shop :\ncomponent backend shop_be{replicas 2 public port 8080}\n  /** Data. */\n component database shop_db{entity Item{ id serial primary key\nprice decimal( 10 ,2 ) min -1\n}}\nconnector db_connector shop_be->shop_db\n';
        expect(await format(messy)).toBe([
            'architecture shop:',
            '    component backend shop_be {',
            '        replicas 2',
            '        public port 8080',
            '    }',
            '    /** Data. */',
            '    component database shop_db {',
            '        entity Item {',
            '            id serial primary key',
            '            price decimal(10,2) min -1',
            '        }',
            '    }',
            '    connector db_connector shop_be -> shop_db',
            ''
        ].join('\n'));
    });

    test('keeps at most one blank line and writes an empty block as {}', async () => {
        expect(await format('architecture:\n\n\n\ncomponent database d { entity E {   } }\n'))
            .toBe('architecture:\n\n    component database d {\n        entity E {}\n    }\n');
    });

    test('puts each import on its own line after the header, like the components', async () => {
        expect(await format('architecture shop:\nimport   "a.arch"  import "parts/b.arch"\n\n\n   component backend a\n'))
            .toBe('architecture shop:\n    import "a.arch"\n    import "parts/b.arch"\n\n    component backend a\n');
    });

    test('leaves a source with syntax errors unchanged', async () => {
        expect(await format('architecture:\n  component {')).toBe('architecture:\n  component {');
    });

    test('spaces the numbers of a type tightly, as SQL does, and the values of an enum after each comma', async () => {
        expect(await format('architecture:\n    component database d {\n        entity E {\n            a decimal( 12 , 2 )\n            b enum(x,y ,z)\n        }\n    }\n'))
            .toBe('architecture:\n    component database d {\n        entity E {\n            a decimal(12,2)\n            b enum(x, y, z)\n        }\n    }\n');
    });

    describe('a block with one member', () => {
        test('stays on one line when it was written on one line', async () => {
            const text = 'architecture:\n    component frontend web {replicas   2}\n    component load-balancer lb {  public port 8080  }\n    connector http lb -> web\n';
            expect(await format(text)).toBe('architecture:\n    component frontend web { replicas 2 }\n    component load-balancer lb { public port 8080 }\n    connector http lb -> web\n');
        });

        test('stays on several lines when it was written on several', async () => {
            const text = 'architecture:\n    component frontend web { replicas 2\n}\n    component backend api {\n  replicas 2 }\n';
            expect(await format(text)).toBe('architecture:\n    component frontend web {\n        replicas 2\n    }\n    component backend api {\n        replicas 2\n    }\n');
        });

        test('is opened when its member has a block, or a comment is inside', async () => {
            const text = 'architecture:\n    component database d { entity E { id int } }\n    component backend b { /* two */ replicas 2 }\n';
            expect(await format(text)).toBe([
                'architecture:',
                '    component database d {',
                '        entity E { id int }',
                '    }',
                '    component backend b { /* two */',
                '        replicas 2',
                '    }',
                ''
            ].join('\n'));
        });

        test('applies to entities, payloads and on message blocks too', async () => {
            const text = 'architecture:\n    connector message_queue a -> b {\n        payload {id int   required}\n        on message {store X}\n    }\n';
            expect(await format(text)).toBe('architecture:\n    connector message_queue a -> b {\n        payload { id int required }\n        on message { store X }\n    }\n');
        });

        test(`is opened when its formatted line would be wider than ${MAX_LINE_WIDTH} columns`, async () => {
            // '    component backend ' (22) + name + ' { public port 8081 }' (21): a name of 57 characters makes 100.
            const line = (name: string) => `architecture:\n    component backend ${name}   {public port   8081}\n`;
            const fits = 'n'.repeat(57);
            expect(await format(line(fits))).toBe(`architecture:\n    component backend ${fits} { public port 8081 }\n`);
            const wide = 'n'.repeat(58);
            expect(await format(line(wide))).toBe(`architecture:\n    component backend ${wide} {\n        public port 8081\n    }\n`);
            // Tight tokens count as formatted: '        entity ' (15) + name + ' { v decimal(10,2) min -1 }' (27).
            const entity = (name: string) => `architecture:\n    component database d {\n        entity ${name} {v decimal( 10 , 2 ) min - 1}\n    }\n`;
            expect((await format(entity('E'.repeat(58)))).split('\n')[2]).toHaveLength(MAX_LINE_WIDTH);
            expect((await format(entity('E'.repeat(59)))).split('\n')[2]).toBe(`        entity ${'E'.repeat(59)} {`);
        });
    });

    // test/examples.test.ts checks these files clean; here, formatting them changes nothing.
    test.each(exampleFiles)('%s is already in the canonical layout', async file => {
        const text = readFileSync(new URL(file, root), 'utf8');
        expect(await format(text)).toBe(text);
    });

    test('re-indents a comment indented with tabs by columns: a deep one is outdented, not thrown to column 0', async () => {
        const text = 'architecture:\n\t\t// c\n\tcomponent backend a {\n\t\t\t/* x\n\t\t\t   y */\n\t\treplicas 2\n\t}\n';
        const once = await format(text);
        expect(once).toBe('architecture:\n    // c\n    component backend a {\n        /* x\n           y */\n        replicas 2\n    }\n');
        expect(await format(once)).toBe(once);
    });

    test('formats every example idempotently, from a scrambled layout too', async () => {
        for (const file of exampleFiles) {
            const text = readFileSync(new URL(file, root), 'utf8');
            // Every line break inside a block becomes a space: a different source with the same tokens.
            const scrambled = text.replace(/\n {8,}/g, '\n').replace(/\n\n/g, '\n\n\n');
            const once = await format(scrambled);
            expect(await format(once), file).toBe(once);
        }
    });
});
