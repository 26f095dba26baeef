/**
 * The documentation is tested like the examples: every complete model in the
 * README and in docs/ (a code block tagged `arch` that starts with
 * `architecture`) checks without errors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { expect, test } from 'vitest';
import { checkSources, createArchgenServices } from '@archgen/language';

const root = new URL('../', import.meta.url);
const documents = ['README.md', ...readdirSync(new URL('docs/', root)).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)];
const services = createArchgenServices(EmptyFileSystem);

function models(markdown: string): { line: number; text: string }[] {
    const found: { line: number; text: string }[] = [];
    const pattern = /^```arch\n([\s\S]*?)^```/gm;
    for (let m = pattern.exec(markdown); m; m = pattern.exec(markdown)) {
        const text = m[1]!;
        const firstCode = text.split('\n').map(l => l.trim()).find(l => l && !l.startsWith('//') && !l.startsWith('/*') && !l.startsWith('*'));
        if (firstCode?.startsWith('architecture')) {
            found.push({ line: markdown.slice(0, m.index).split('\n').length + 1, text });
        }
    }
    return found;
}

test.each(documents)('every complete model in %s checks without errors', async document => {
    const blocks = models(readFileSync(new URL(document, root), 'utf8'));
    const results = await checkSources(services, blocks.map((b, i) => ({ uri: `file:///docs/block${i}.arch`, text: b.text })));
    const errors = results.flatMap((r, i) => r.diagnostics.filter(d => d.severity === 'error')
        .map(d => `${document}:${blocks[i]!.line + d.range.start.line}: ${d.code} ${d.message}`));
    expect(errors).toEqual([]);
});

test('the README and the language reference contain complete models', () => {
    expect(models(readFileSync(new URL('README.md', root), 'utf8')).length).toBeGreaterThanOrEqual(2);
    expect(models(readFileSync(new URL('docs/language.md', root), 'utf8')).length).toBeGreaterThanOrEqual(3);
});
