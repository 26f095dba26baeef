import { generateModel, tokenSoup } from './generate.js';
import { Rng } from './rng.js';
import { Oracle } from './oracle.js';
const oracle = new Oracle();
await oracle.run([{ name: 'model.arch', text: 'architecture: component backend a' }]);
for (const size of [20, 50, 100, 150, 300]) {
    for (const chaos of [0, 0.3]) {
        const text = generateModel(new Rng(size), chaos, size);
        const v = await oracle.run([{ name: 'model.arch', text }]);
        console.log(`size ${size} chaos ${chaos}: ${text.length} chars, ${Math.round(v.ms)} ms, errors ${v.hasErrors}, findings ${v.findings.length} ${v.findings.slice(0, 2).map(f => f.kind + ' ' + f.message.slice(0, 200)).join(' / ')}`);
    }
}
for (const n of [100, 1000, 3000, 10000]) {
    const text = tokenSoup(new Rng(n), n);
    const v = await oracle.run([{ name: 'model.arch', text }]);
    console.log(`soup ${n}: ${Math.round(v.ms)} ms, findings ${v.findings.length} ${v.findings.slice(0, 2).map(f => f.kind + ' ' + f.message.slice(0, 200)).join(' / ')}`);
}
