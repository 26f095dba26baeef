import { readFileSync } from 'node:fs';
import { checkSources, formatText } from '@archgen/language';
import { generate } from '@archgen/generator';
import { freshServices } from './oracle.js';
const services = freshServices();
const text = readFileSync(process.argv[2]!, 'utf8');
await checkSources(services, [{ uri: 'file:///w/m.arch', text: 'architecture: component backend a' }]);
for (let i = 0; i < 3; i++) {
    let t = performance.now();
    const [r] = await checkSources(services, [{ uri: 'file:///w/m.arch', text }]);
    const check = performance.now() - t; t = performance.now();
    let files = 0;
    if (r!.model) { files += generate(r!.model, { target: 'compose' }).files.length; }
    const compose = performance.now() - t; t = performance.now();
    if (r!.model) { files += generate(r!.model, { target: 'k8s' }).files.length; }
    const k8s = performance.now() - t; t = performance.now();
    await formatText(services, { uri: 'file:///w/m.arch', text });
    const fmt = performance.now() - t;
    console.log(`check ${Math.round(check)} ms, compose ${Math.round(compose)} ms, k8s ${Math.round(k8s)} ms (${files} files), format ${Math.round(fmt)} ms; ${r!.model?.components.length} components`);
}
