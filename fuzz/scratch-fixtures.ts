import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FuzzFile } from './corpus.js';
import { Oracle } from './oracle.js';
const dir = 'fuzz/fixtures';
const oracle = new Oracle();
for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const files: FuzzFile[] = statSync(path).isDirectory()
        ? readdirSync(path).filter(n => n.endsWith('.arch')).sort().map(n => ({ name: n, text: readFileSync(join(path, n), 'utf8') }))
        : name.endsWith('.json') ? (JSON.parse(readFileSync(path, 'utf8')) as { files: FuzzFile[] }).files : [{ name: 'model.arch', text: readFileSync(path, 'utf8') }];
    const v = await oracle.run(files);
    console.log(`${v.findings.length === 0 ? 'holds ' : 'FAILS '} ${name}${v.findings.length ? ': ' + [...new Set(v.findings.map(f => f.kind))].join(', ') : ''}`);
}
