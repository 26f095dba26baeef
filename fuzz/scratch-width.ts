import { Oracle } from './oracle.js';
const oracle = new Oracle();
let n = 0; const bad: string[] = [];
const members = (name: string) => [
    `replicas 2`, `public port 8080`, `strategy ${name}`, `health "/${name}" interval 5s`, `route "/api/${name}" -> b`,
    `auth jwt issuer b roles ${name}, x expires 1h`, `restrict GET, POST "/api/${name}" to x`, `cors "http://${name}.io", "*"`,
    `entity ${name} { id int }`];
for (let len = 40; len <= 110; len++) {
    const name = 'n'.repeat(len);
    for (const m of members(name)) {
        for (const src of [`    component backend a { ${m} }`, `    component backend a {${m}}`, `    component backend a  {  ${m.replace(/ /g, '  ')}  }`, `    connector message_queue a -> b { payload { ${name} decimal(10,2) } }`, `    connector message_queue a -> b { channel "${name}" }`, `    component database d { entity E { ${name} string(20) required } }`]) {
            const text = `architecture:\n${src}\n    component backend b\n`;
            const v = await oracle.run([{ name: 'model.arch', text }]);
            n++;
            for (const f of v.findings) if (bad.length < 5) bad.push(`${f.kind}: ${f.message.slice(0, 200)}\n${text}`);
        }
    }
}
console.log(n, 'inputs', bad.length, 'bad'); console.log(bad.join('\n'));
