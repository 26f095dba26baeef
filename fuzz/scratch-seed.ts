import { inputFor } from './inputs.js';
import { Oracle } from './oracle.js';
const seed = Number(process.argv[2]);
const input = inputFor(seed);
console.log(input.recipe, input.files.map(f => `${f.name} ${f.text.length} chars`));
const oracle = new Oracle();
await oracle.run(inputFor(0).files);
for (let i = 0; i < 3; i++) { const v = await oracle.run(input.files); console.log(Math.round(v.ms), 'ms', v.findings.length); }
if (process.argv[3]) console.log(input.files.map(f => f.text).join('\n-----\n'));
