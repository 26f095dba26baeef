/**
 * Every crasher the fuzzer found, minimised, stays fixed: each `.arch` file of
 * fuzz/fixtures is a model, each folder a model in several files (checked
 * together, as `archgen check <folder>` does), and each `.json` file an input
 * that UTF-8 cannot hold (`{ "files": [{ "name", "text" }] }`, the text as a
 * JavaScript string: a lone surrogate, as an editor may send). The oracle
 * holds for all.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { FuzzFile } from './corpus.js';
import { Oracle } from './oracle.js';
import { repoRoot } from './paths.js';

const dir = join(repoRoot(), 'fuzz', 'fixtures');
const cases = readdirSync(dir).sort().map(name => {
    const path = join(dir, name);
    const files: FuzzFile[] = statSync(path).isDirectory()
        ? readdirSync(path).filter(n => n.endsWith('.arch')).sort().map(n => ({ name: n, text: readFileSync(join(path, n), 'utf8') }))
        : name.endsWith('.json') ? (JSON.parse(readFileSync(path, 'utf8')) as { files: FuzzFile[] }).files
        : name.endsWith('.arch') ? [{ name: 'model.arch', text: readFileSync(path, 'utf8') }] : [];
    return { name, files };
}).filter(c => c.files.length > 0);

describe('fuzz regressions', () => {
    const oracle = new Oracle();
    test('there are fixtures', () => expect(cases.length).toBeGreaterThan(0));
    test.each(cases)('$name', async ({ files }) => {
        const verdict = await oracle.run(files);
        expect(verdict.findings.map(f => `${f.kind} [${f.file ?? ''}] ${f.message}`)).toEqual([]);
    });
});
