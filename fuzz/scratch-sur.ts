import { Oracle } from './oracle.js';
const oracle = new Oracle();
for (const text of ['architecture:\n    import "a\ud800.arch"\n', 'architecture:\n    import "\udc00"\n    component backend a\n', 'architecture x\ud800:\n    component backend a\ud800b\n', 'architecture:\n    component backend a {\n        health "/\ud800"\n    }\n']) {
    const v = await oracle.run([{ name: 'model.arch', text }]);
    console.log(JSON.stringify(text), v.findings.map(f => `${f.kind}: ${f.message.slice(0, 600)}`));
}
