import { readFileSync } from 'node:fs';
import { tokenize } from './mutate.js';
import { Oracle } from './oracle.js';
const oracle = new Oracle();
const file = process.argv[2]!;
const text = readFileSync(file, 'utf8');
const tokens = tokenize(text);
const comments = (process.argv[3] ?? '/* c */|// c\n|/** d */').split('|');
let n = 0; const kinds = new Map<string, number>(); const examples: string[] = [];
let offset = 0;
for (let i = 0; i <= tokens.length; i++) {
    for (const c of comments) {
        const mutated = text.slice(0, offset) + c + text.slice(offset);
        const v = await oracle.run([{ name: 'model.arch', text: mutated }]);
        n++;
        for (const f of v.findings) {
            kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
            if (examples.length < 6) examples.push(`${f.kind} at ${offset} ${JSON.stringify(c)} near ${JSON.stringify(text.slice(Math.max(0, offset - 25), offset + 25))}: ${f.message.slice(0, 300)}`);
        }
    }
    offset += tokens[i]?.text.length ?? 0;
}
console.log(n, 'inputs', Object.fromEntries(kinds));
console.log(examples.join('\n'));
