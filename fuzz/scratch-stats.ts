import { checkSources } from '@archgen/language';
import { generateModel } from './generate.js';
import { Rng } from './rng.js';
import { freshServices } from './oracle.js';
const services = freshServices();
const codes = new Map<string, number>();
let clean = 0;
const N = Number(process.argv[2] ?? 300);
const chaos = Number(process.argv[3] ?? 0);
for (let s = 0; s < N; s++) {
    const text = generateModel(new Rng(s), chaos);
    const [r] = await checkSources(services, [{ uri: 'file:///x/model.arch', text }]);
    const errs = r!.diagnostics.filter(d => d.severity === 'error');
    if (errs.length === 0) clean++;
    for (const c of new Set(errs.map(d => d.code))) codes.set(c, (codes.get(c) ?? 0) + 1);
    if (process.argv[4] === String(s)) { console.log(text); console.log(r!.diagnostics.map(d => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`).join('\n')); }
}
console.log(`clean ${clean}/${N}`);
console.log([...codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${n} ${c}`).join('\n'));
