import { readdirSync, readFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { describe, expect, test } from 'vitest';
import { checkSources, createArchgenServices, formatText } from '../index.js';

const services = createArchgenServices(EmptyFileSystem);
const examples = new URL('../../../../examples/', import.meta.url);
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
            '            price decimal(10, 2) min -1',
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

    test.each(readdirSync(examples).filter(f => f.endsWith('.arch')))('examples/%s: idempotent and still clean', async name => {
        const once = await format(readFileSync(new URL(name, examples), 'utf8'));
        expect(await format(once)).toBe(once);
        const [checked] = await checkSources(services, [{ uri: 'file:///formatted.arch', text: once }]);
        expect(checked!.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
    });
});
