import { isDatabase } from '@archgen/model';
import { describe, expect, it } from 'vitest';
import { variantsModel } from '../../test-support/fixtures.js';
import { mysql } from './mysql.js';
import { schemaView } from './schema.js';

const catalog = variantsModel.components.filter(isDatabase)[0]!;
const view = schemaView(variantsModel, catalog, mysql);
const items = view.tables[0]!;
const column = (name: string) => items.columns.find(c => c.name === name)!;

describe('the MySQL dialect', () => {
    it('maps types and expression defaults for MySQL 8.4', () => {
        expect(column('id')).toMatchObject({ type: 'CHAR(36)', default: '(UUID())', notNull: true });
        expect(column('notes')).toMatchObject({ type: 'TEXT', default: "('none')" });
        expect(column('extra').type).toBe('JSON');
        expect(column('added_on').default).toBe('(CURRENT_DATE)');
        expect(column('updated_at')).toMatchObject({ type: 'DATETIME(3)', default: 'CURRENT_TIMESTAMP(3)' });
        expect(column('title').default).toBe("'O''Reilly \\\\ untitled'");
    });

    it('checks lengths and enum members', () => {
        expect(items.checks.map(c => c.expression)).toEqual(["CHAR_LENGTH(title) >= 3", "kind IN ('book', 'disc')"]);
    });

    it('indexes TEXT columns by prefix', () => {
        expect(view.indexes.map(i => i.expression)).toEqual(['title', 'notes(255)']);
    });

    it('punctuates the table body: a comma after every element but the last', () => {
        const commas = [...items.columns, ...items.primaryKey, ...items.uniques, ...items.checks, ...items.foreignKeys].map(e => e.comma);
        expect(commas.at(-1)).toBe('');
        expect(commas.slice(0, -1).every(c => c === ',')).toBe(true);
    });
});
