import { checkSources, formatText } from '@archgen/language';
import { generate } from '@archgen/generator';
import { inputFor } from './inputs.js';
import { freshServices, uriOf } from './oracle.js';
const services = freshServices();
const t = { check: 0, gen: 0, fmt: 0, make: 0 };
const N = Number(process.argv[2] ?? 300);
for (let s = 0; s < N; s++) {
    let a = performance.now();
    const input = inputFor(s);
    t.make += performance.now() - a; a = performance.now();
    const res = await checkSources(services, input.files.map(f => ({ uri: uriOf(f), text: f.text })));
    t.check += performance.now() - a; a = performance.now();
    for (const r of res) if (r.model) { generate(r.model, { target: 'compose' }); generate(r.model, { target: 'k8s' }); }
    t.gen += performance.now() - a; a = performance.now();
    for (const f of input.files) { const o = await formatText(services, { uri: uriOf(f), text: f.text }); await formatText(services, { uri: uriOf(f), text: o }); }
    t.fmt += performance.now() - a;
}
console.log(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v / N * 10) / 10])));
