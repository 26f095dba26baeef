/**
 * The real models the mutators start from: the examples, the models of the
 * manual (its files and its ```arch blocks), the validation fixtures, the
 * test fixtures and the fuzz regressions. A folder of `.arch` files is one
 * multi-file model.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './paths.js';

export interface FuzzFile {
    /** A plain file name (`model.arch`, `services.arch`); imports between files use it. */
    readonly name: string;
    readonly text: string;
}

export interface CorpusEntry {
    /** Where it came from, relative to the repository: `examples/lab.arch`. */
    readonly id: string;
    readonly files: readonly FuzzFile[];
}

const FOLDERS = ['examples', 'docs/examples', 'packages/language/src/validation/__fixtures__', 'test/fixtures', 'fuzz/fixtures'];

let cached: CorpusEntry[] | undefined;

/** The corpus, in a stable order. */
export function corpus(): readonly CorpusEntry[] {
    if (cached) return cached;
    const root = repoRoot();
    const entries: CorpusEntry[] = [];
    for (const folder of FOLDERS) collect(root, join(root, folder), entries);
    entries.push(...manualBlocks(root));
    cached = entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return cached;
}

function collect(root: string, dir: string, into: CorpusEntry[]): void {
    if (!existsSync(dir)) return;
    const names = readdirSync(dir).sort();
    const arch = names.filter(n => n.endsWith('.arch') && statSync(join(dir, n)).isFile());
    // A folder whose files import each other is one model; other folders hold independent models.
    const importing = arch.some(n => [...readFileSync(join(dir, n), 'utf8').matchAll(/^\s*import\s+"([^"]+)"/gm)].some(m => arch.includes(m[1]!)));
    if (importing) {
        into.push({ id: relative(root, dir), files: arch.map(n => ({ name: n, text: readFileSync(join(dir, n), 'utf8') })) });
    } else {
        for (const n of arch) into.push({ id: relative(root, join(dir, n)), files: [{ name: 'model.arch', text: readFileSync(join(dir, n), 'utf8') }] });
    }
    for (const n of names) if (statSync(join(dir, n)).isDirectory()) collect(root, join(dir, n), into);
}

/** The ```arch blocks of the manual: complete models and fragments. */
function manualBlocks(root: string): CorpusEntry[] {
    const file = join(root, 'docs', 'language.md');
    if (!existsSync(file)) return [];
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/```arch\n([\s\S]*?)```/g)].map((m, i) => ({
        id: `docs/language.md#${i + 1}`,
        files: [{ name: 'model.arch', text: m[1]! }]
    }));
}

/** Every text of the corpus, for splicing. */
export function corpusTexts(): readonly string[] {
    return corpus().flatMap(e => e.files.map(f => f.text));
}
