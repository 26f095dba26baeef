import { ALL_ISSUE_CODES, checkSources } from '@archgen/language';
import { inputFor } from './inputs.js';
import { freshServices, uriOf } from './oracle.js';
const services = freshServices();
const seen = new Map<string, number>();
const N = Number(process.argv[2] ?? 2000);
for (let s = 0; s < N; s++) {
    const input = inputFor(500000 + s);
    const res = await checkSources(services, input.files.map(f => ({ uri: uriOf(f), text: f.text })));
    for (const r of res) for (const c of new Set(r.diagnostics.map(d => d.code))) seen.set(c, (seen.get(c) ?? 0) + 1);
}
console.log('never:', ALL_ISSUE_CODES.filter(c => !seen.has(c)).join(' '));
console.log([...seen].sort((a, b) => a[1] - b[1]).slice(0, 25).map(([c, n]) => `${n} ${c}`).join('\n'));
