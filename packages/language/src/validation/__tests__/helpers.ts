import { readdirSync, readFileSync } from 'node:fs';
import { NodeFileSystem } from 'langium/node';
import { checkSources, type CheckedDocument } from '../../api.js';
import { createArchgenServices } from '../../arch-module.js';

const FIXTURES = new URL('../__fixtures__/', import.meta.url);

/** The text of a fixture, by its path under `validation/__fixtures__`. */
export function fixtureText(path: string): string {
    return readFileSync(new URL(path, FIXTURES), 'utf8');
}

let services: ReturnType<typeof createArchgenServices> | undefined;

/** Checks a fixture from its file, with the files it imports (read from disk); the fixture's own result. */
export async function checkFixture(path: string): Promise<CheckedDocument> {
    return (await checkFixtureWithImports(path))[0]!;
}

/** Checks a fixture: its own result first, then one per file it imports. */
export function checkFixtureWithImports(path: string): Promise<CheckedDocument[]> {
    services ??= createArchgenServices(NodeFileSystem);
    const url = new URL(path, FIXTURES);
    return checkSources(services, [{ uri: url.href, text: readFileSync(url, 'utf8') }]);
}

/**
 * Every fixture path (`component/invalid-kinds.arch`), sorted. Files in a
 * folder whose name starts with `_` are parts other fixtures import, not
 * fixtures themselves.
 */
export function allFixtures(): string[] {
    return readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
        .map(p => p.split('\\').join('/'))
        .filter(p => p.endsWith('.arch') && !p.split('/').some(segment => segment.startsWith('_')))
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
