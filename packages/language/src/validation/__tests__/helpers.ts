import { readdirSync, readFileSync } from 'node:fs';
import type { CheckedDocument } from '../../api.js';
import { check } from '../../test-support/index.js';

const FIXTURES = new URL('../__fixtures__/', import.meta.url);

/** The text of a fixture, by its path under `validation/__fixtures__`. */
export function fixtureText(path: string): string {
    return readFileSync(new URL(path, FIXTURES), 'utf8');
}

/** Checks a fixture as `file:///test/<path>`. */
export function checkFixture(path: string): Promise<CheckedDocument> {
    return check(fixtureText(path), path.replace(/\.arch$/, ''));
}

/** Every fixture path (`component/invalid-kinds.arch`), sorted. */
export function allFixtures(): string[] {
    return readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
        .filter(p => p.endsWith('.arch'))
        .map(p => p.split('\\').join('/'))
        .sort();
}

/**
 * The diagnostics as `line:col-line:col severity code` (1-based, the exact
 * range), optionally only those with one code: assertions on code and range,
 * never on message text.
 */
export function issues(doc: CheckedDocument, code?: string): string[] {
    return doc.diagnostics
        .filter(d => code === undefined || d.code === code)
        .map(d => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.severity} ${d.code}`);
}

/** The suggestions offered by the diagnostics with one code, in order (undefined where none). */
export function suggestions(doc: CheckedDocument, code: string): (string | undefined)[] {
    return doc.diagnostics.filter(d => d.code === code).map(d => d.suggestion);
}

/** The related locations of the diagnostics with one code, as `line:col` lists. */
export function related(doc: CheckedDocument, code: string): string[][] {
    return doc.diagnostics.filter(d => d.code === code)
        .map(d => d.related.map(r => `${r.range.start.line + 1}:${r.range.start.character + 1}`));
}
