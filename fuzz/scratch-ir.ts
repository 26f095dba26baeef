import { readFileSync } from 'node:fs';
import { checkSources } from '@archgen/language';
import { freshServices } from './oracle.js';
const [r] = await checkSources(freshServices(), [{ uri: 'file:///x/m.arch', text: readFileSync(process.argv[2]!, 'utf8') }]);
console.log(r!.diagnostics.map(d => `${d.range.start.line + 1} ${d.severity} ${d.code}`).join('\n'));
const m = r!.model as any;
for (const c of m.components) console.log(c.name, c.kind, JSON.stringify({ databases: c.databases, entities: c.entities, dependsOn: c.dependsOn }));
for (const c of m.connectors) if (c.calls.length) console.log(JSON.stringify(c.calls));
