import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-code.js';
import { copyInvoicing, fakeGenerator, runCli, seedText, tempDir } from '../test-support/index.js';
import { formatOfFile } from './diagram.js';

/** Sixty components in three blocks of twenty: the large model the diagram must stay legible for. */
const SIXTY = fileURLToPath(new URL('../../../../test/fixtures/diagram/sixty.arch', import.meta.url));

/** A working folder with the fixed seed model as `model.arch` and the broken one as `broken.arch`. */
async function workspace(): Promise<string> {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'model.arch'), await seedText(true));
    await writeFile(path.join(cwd, 'broken.arch'), await seedText());
    return cwd;
}

const SEED_COMPONENTS = ['ecommerce_lb', 'ecommerce_fe', 'ecommerce_ag_us', 'ecommerce_be_usr', 'ecommerce_be_usr_db', 'ecommerce_be_pmt_rep'];

/** The names of the nodes of a Graphviz SVG: the `<title>` of every `class="node"` group. */
function nodeTitles(svg: string): string[] {
    return [...svg.matchAll(/<g id="node\d+" class="node">\s*<title>([^<]*)<\/title>/g)].map(m => m[1]!);
}

describe('archgen diagram', () => {
    it('writes the SVG to stdout by default, naming every component', async () => {
        const cwd = await workspace();
        const result = await runCli(['diagram', 'model.arch'], { cwd });
        expect(result).toMatchObject({ code: ExitCode.Success, stderr: '' });
        expect(result.stdout).toMatch(/^<\?xml /);
        expect(result.stdout.trimEnd()).toMatch(/<\/svg>$/);
        expect(nodeTitles(result.stdout)).toEqual(expect.arrayContaining(SEED_COMPONENTS));
    });

    it('writes DOT and Mermaid to stdout with --format, the same bytes every time', async () => {
        const cwd = await workspace();
        const dot = await runCli(['diagram', 'model.arch', '--format', 'dot'], { cwd });
        expect(dot).toMatchObject({ code: ExitCode.Success, stderr: '' });
        expect(dot.stdout).toMatch(/^digraph "model" \{\n/);
        for (const name of SEED_COMPONENTS) expect(dot.stdout).toContain(`"${name}" [label=`);
        const mermaid = await runCli(['diagram', 'model.arch', '--format', 'mermaid'], { cwd });
        expect(mermaid).toMatchObject({ code: ExitCode.Success, stderr: '' });
        expect(mermaid.stdout).toContain('\nflowchart TB\n');
        for (const name of SEED_COMPONENTS) expect(mermaid.stdout).toContain(`c_${name}`);
        expect((await runCli(['diagram', 'model.arch', '--format', 'dot'], { cwd })).stdout).toBe(dot.stdout);
        expect((await runCli(['diagram', 'model.arch'], { cwd })).stdout).toBe((await runCli(['diagram', 'model.arch'], { cwd })).stdout);
    });

    it('writes to -o, the format from its extension unless --format says otherwise', async () => {
        const cwd = await workspace();
        const svg = await runCli(['diagram', 'model.arch', '-o', 'docs/architecture.svg'], { cwd });
        expect(svg).toEqual({ code: ExitCode.Success, stdout: 'Wrote docs/architecture.svg (svg, 14 components)\n', stderr: '' });
        expect(await readFile(path.join(cwd, 'docs/architecture.svg'), 'utf8')).toMatch(/^<\?xml /);

        const mermaid = await runCli(['diagram', 'model.arch', '--output', 'model.mmd'], { cwd });
        expect(mermaid.stdout).toBe('Wrote model.mmd (mermaid, 14 components)\n');
        expect(await readFile(path.join(cwd, 'model.mmd'), 'utf8')).toContain('flowchart TB');

        const forced = await runCli(['diagram', 'model.arch', '-o', 'forced.svg', '--format', 'dot'], { cwd });
        expect(forced.code).toBe(ExitCode.Success);
        expect(await readFile(path.join(cwd, 'forced.svg'), 'utf8')).toMatch(/^digraph /);

        const fromDot = await runCli(['diagram', 'model.arch', '-o', 'model.gv'], { cwd });
        expect(fromDot.stdout).toBe('Wrote model.gv (dot, 14 components)\n');
        // The temporary file of the atomic write does not stay behind.
        expect((await readdir(cwd)).filter(f => f.endsWith('.tmp'))).toEqual([]);
    });

    it('infers the format from the file name', () => {
        expect(['a.svg', 'a.SVG', 'a.dot', 'a.gv', 'a.mmd', 'a.mermaid', 'a.txt', 'a'].map(formatOfFile)).toEqual([
            'svg', 'svg', 'dot', 'dot', 'mermaid', 'mermaid', undefined, undefined
        ]);
    });

    it('prints the errors of a model as archgen check does, exits 1 and writes nothing', async () => {
        const cwd = await workspace();
        const result = await runCli(['diagram', 'broken.arch', '-o', 'broken.svg'], { cwd });
        expect(result.code).toBe(ExitCode.ModelErrors);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/^broken\.arch:25:15 error connector\/unknown-kind Unknown connector kind 'mq_connector'/);
        expect(result.stderr).toMatch(/\n1 error in 1 file\n$/);
        expect(await readdir(cwd)).toEqual(['broken.arch', 'model.arch']);
        const toStdout = await runCli(['diagram', 'broken.arch'], { cwd });
        expect(toStdout).toMatchObject({ code: ExitCode.ModelErrors, stdout: '' });
    });

    it('draws a model in several files, and refuses one whose imported file has an error', async () => {
        const cwd = await tempDir();
        await copyInvoicing(cwd);
        const result = await runCli(['diagram', 'invoicing.arch', '--format', 'dot'], { cwd });
        expect(result).toMatchObject({ code: ExitCode.Success, stderr: '' });
        // A component of each file: the entry point, the services it imports, the databases they import.
        for (const name of ['portal', 'billing', 'billing_db']) expect(result.stdout).toContain(`"${name}" [label=`);

        const broken = await tempDir();
        await copyInvoicing(broken, { file: 'data.arch', from: 'component database', to: 'component datbase' });
        const failed = await runCli(['diagram', 'invoicing.arch'], { cwd: broken });
        expect(failed.code).toBe(ExitCode.ModelErrors);
        expect(failed.stdout).toBe('');
        expect(failed.stderr).toMatch(/^data\.arch:\d+:\d+ error /m);
    });

    it('exits 2 for a missing model, a folder, an unknown format or an output that is a folder', async () => {
        const cwd = await workspace();
        await mkdir(path.join(cwd, 'taken.svg'));
        expect(await runCli(['diagram', 'missing.arch'], { cwd })).toEqual({
            code: ExitCode.UsageOrIo,
            stdout: '',
            stderr: "archgen: cannot read 'missing.arch': no such file or directory\n"
        });
        expect(await runCli(['diagram', '.'], { cwd })).toMatchObject({ code: ExitCode.UsageOrIo, stderr: "archgen: cannot read '.': is a directory\n" });
        const format = await runCli(['diagram', 'model.arch', '--format', 'png'], { cwd });
        expect(format.code).toBe(ExitCode.UsageOrIo);
        expect(format.stderr).toMatch(/^archgen: option '--format <format>' argument 'png' is invalid/);
        const folder = await runCli(['diagram', 'model.arch', '-o', 'taken.svg'], { cwd });
        expect(folder).toEqual({ code: ExitCode.UsageOrIo, stdout: '', stderr: "archgen: cannot write 'taken.svg': is a directory\n" });
    });

    it('draws what the generator draws (its dot, mermaid and svg functions)', async () => {
        const cwd = await workspace();
        const deps = { loadGenerator: () => Promise.resolve(fakeGenerator()) };
        const svg = await runCli(['diagram', 'model.arch'], { cwd, deps });
        const dot = await runCli(['diagram', 'model.arch', '--format', 'dot'], { cwd, deps });
        expect(svg.stdout).toContain('<text>ecommerce_be_usr</text>');
        expect(dot.stdout).toMatch(/^digraph model: ecommerce_fe /);
    });

    it('draws the sixty-component model, which checks clean, naming every component', async () => {
        const cwd = path.dirname(SIXTY);
        const text = await readFile(SIXTY, 'utf8');
        const names = [...text.matchAll(/^\s*component \w+ (\w+)/gm)].map(m => m[1]!);
        expect(names).toHaveLength(60);
        const result = await runCli(['diagram', 'sixty.arch'], { cwd });
        expect(result).toMatchObject({ code: ExitCode.Success, stderr: '' });
        expect(nodeTitles(result.stdout).filter(t => !t.startsWith('@')).sort()).toEqual([...names].sort());
    });
});
