import { checkSources, formatText } from '@archgen/language';
import { generate } from '@archgen/generator';
import { generateModel, tokenSoup } from './generate.js';
import { Rng } from './rng.js';
import { freshServices } from './oracle.js';
const services = freshServices();
await checkSources(services, [{ uri: 'file:///w/m.arch', text: 'architecture: component backend a' }]);
const texts: [string, string][] = [];
for (const size of [75, 150, 300, 600]) texts.push([`gen ${size}`, generateModel(new Rng(size), 0, size)]);
for (const n of [2500, 5000, 10000]) texts.push([`soup ${n}`, tokenSoup(new Rng(n), n)]);
for (const [label, text] of texts) {
    let t = performance.now();
    const [r] = await checkSources(services, [{ uri: 'file:///w/m.arch', text }]);
    const check = performance.now() - t; t = performance.now();
    if (r!.model) { generate(r!.model, { target: 'compose' }); generate(r!.model, { target: 'k8s' }); }
    const gen = performance.now() - t; t = performance.now();
    await formatText(services, { uri: 'file:///w/m.arch', text });
    const fmt = performance.now() - t;
    console.log(`${label}: ${text.length} chars, ${r!.diagnostics.length} diagnostics, check ${Math.round(check)} ms, generate ${Math.round(gen)} ms, format ${Math.round(fmt)} ms`);
}
