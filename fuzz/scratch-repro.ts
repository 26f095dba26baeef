import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Oracle } from './oracle.js';
const dir = process.argv[2]!;
const files = readdirSync(dir).filter(n => n.endsWith('.arch')).sort().map(name => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
const v = await new Oracle().run(files);
console.log(JSON.stringify({ ...v, findings: v.findings.map(f => `${f.kind} [${f.file}] ${f.message.slice(0, 300)}`) }, null, 1));
