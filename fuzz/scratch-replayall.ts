import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FuzzFile } from './corpus.js';
import { inputFor } from './inputs.js';
import { examine, Oracle } from './oracle.js';
const dir = process.argv[2]!;
const oracle = new Oracle();
for (let seed = 0; seed < 8; seed++) await oracle.run(inputFor(seed).files);
let ok = 0; const bad: string[] = [];
for (const d of readdirSync(dir).sort()) {
    const json = join(dir, d, 'input.json');
    if (!existsSync(json)) continue;
    const files = (JSON.parse(readFileSync(json, 'utf8')) as { files: FuzzFile[] }).files;
    const v = await examine(oracle, files, 2000);
    if (v.findings.length === 0) ok++; else bad.push(`${d}: ${v.findings.map(f => f.kind + ' ' + f.message.slice(0, 150)).join('; ')}`);
}
console.log(`${ok} hold, ${bad.length} still failing`); console.log(bad.join('\n'));
