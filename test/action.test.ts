/**
 * The GitHub Action (action.yml at the repository root): its structure, the
 * inputs its steps use, and its two shell scripts run for real with bash on
 * the built archgen, as the runner would run them.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TEXT = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
const BIN = path.join(ROOT, 'packages/cli/bin/archgen.js');
const BUILT = existsSync(path.join(ROOT, 'packages/cli/dist/main.js'));

interface Step {
    name?: string;
    id?: string;
    if?: string;
    uses?: string;
    run?: string;
    shell?: string;
    'working-directory'?: string;
    with?: Record<string, string>;
    env?: Record<string, string>;
}

interface Action {
    name: string;
    description: string;
    inputs: Record<string, { description: string; required?: boolean; default?: string }>;
    outputs: Record<string, { description: string; value: string }>;
    runs: { using: string; steps: Step[] };
}

const action = parse(TEXT) as Action;
const steps = action.runs.steps;
const step = (name: string): Step => {
    const found = steps.find(s => s.name === name);
    if (!found) throw new Error(`no step '${name}' in action.yml`);
    return found;
};

/** Every `${{ <expression> }}` of a value, with its contexts (`inputs.files`, `steps.sarif.outputs.file`). */
function expressions(value: unknown): string[] {
    return [...JSON.stringify(value).matchAll(/\$\{\{\s*(.*?)\s*\}\}/g)].map(m => m[1]!);
}

describe('action.yml', () => {
    it('is a composite action with a name, a description and documented inputs', () => {
        expect(action.name).toBeTruthy();
        expect(action.description).toBeTruthy();
        expect(action.runs.using).toBe('composite');
        expect(Object.keys(action.inputs).sort()).toEqual(
            ['files', 'max-warnings', 'node-version', 'sarif', 'sarif-category', 'strict', 'working-directory'].sort()
        );
        for (const [name, input] of Object.entries(action.inputs)) {
            expect(input.description, name).toBeTruthy();
            expect(typeof input.default, `${name} has a string default`).toBe('string');
        }
    });

    it('uses only declared inputs, and uses every input', () => {
        const used = new Set<string>();
        for (const expression of expressions(action)) {
            for (const m of expression.matchAll(/\binputs\.([A-Za-z0-9_-]+)/g)) used.add(m[1]!);
        }
        for (const s of steps) for (const m of (s.if ?? '').matchAll(/\binputs\.([A-Za-z0-9_-]+)/g)) used.add(m[1]!);
        expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
    });

    it('refers only to steps that exist and come earlier, and to outputs they write', () => {
        const ids = steps.map(s => s.id);
        for (const [index, s] of steps.entries()) {
            for (const m of [...expressions(s), s.if ?? ''].join(' ').matchAll(/\bsteps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g)) {
                const at = ids.indexOf(m[1]!);
                expect(at, `step '${m[1]}'`).toBeGreaterThanOrEqual(0);
                expect(at).toBeLessThan(index);
                expect(steps[at]!.run).toContain(`echo "${m[2]}=`);
            }
        }
        for (const expression of expressions(action.outputs)) expect(ids).toContain(/^steps\.([^.]+)\./.exec(expression)?.[1]);
    });

    it('gives every script a shell and passes inputs through env, never into the script text', () => {
        for (const s of steps.filter(s => s.run !== undefined)) {
            expect(s.shell, s.name).toBe('bash');
            expect(s.run, s.name).not.toMatch(/\$\{\{/);
        }
    });

    it('pins every action it uses to a major version', () => {
        for (const s of steps.filter(s => s.uses !== undefined)) expect(s.uses).toMatch(/^[\w-]+\/[\w-]+(\/[\w-]+)*@v\d+$/);
    });

    it('sets up Node.js, installs archgen from its own checkout and runs its bin file', () => {
        expect(step('Set up Node.js')).toMatchObject({ uses: 'actions/setup-node@v4', with: { 'node-version': '${{ inputs.node-version }}' } });
        expect(step('Install archgen')).toMatchObject({ 'working-directory': '${{ github.action_path }}', run: expect.stringMatching(/^npm ci\b/) as unknown });
        for (const name of ['Write SARIF', 'Check']) {
            expect(step(name).env?.['ARCHGEN_BIN']).toBe('${{ github.action_path }}/packages/cli/bin/archgen.js');
            expect(step(name)['working-directory']).toBe('${{ inputs.working-directory }}');
        }
        expect(existsSync(BIN)).toBe(true);
        expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))).toMatchObject({ scripts: { prepare: expect.stringMatching(/build/) as unknown } });
    });

    it('writes and uploads SARIF only when asked, before the check that fails the job', () => {
        const names = steps.map(s => s.name);
        expect(step('Write SARIF').if).toBe("inputs.sarif == 'true'");
        expect(step('Write SARIF').run).toContain('--format sarif');
        expect(step('Upload SARIF to code scanning')).toMatchObject({
            if: "inputs.sarif == 'true'",
            uses: expect.stringMatching(/^github\/codeql-action\/upload-sarif@v\d+$/) as unknown,
            with: { sarif_file: '${{ steps.sarif.outputs.file }}', category: '${{ inputs.sarif-category }}' }
        });
        expect(step('Check').run).toContain('--format github');
        expect(step('Check').if).toBeUndefined();
        expect(names.indexOf('Upload SARIF to code scanning')).toBeLessThan(names.indexOf('Check'));
    });
});

const folders: string[] = [];
afterEach(async () => {
    await Promise.all(folders.splice(0).map(folder => rm(folder, { recursive: true, force: true })));
});

/** Runs a step's script as the runner does (`bash --noprofile --norc -eo pipefail`), with the step's env filled in and CI set as on a runner. */
async function runStep(name: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    const script = path.join(cwd, `${name.replace(/\W/g, '-')}.sh`);
    await writeFile(script, step(name).run!);
    return new Promise(resolve => {
        execFile('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env: { PATH: process.env['PATH'] ?? '', CI: 'true', ...env } }, (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code) : 0, stdout, stderr })
        );
    });
}

describe.skipIf(!BUILT)('the action scripts, run with bash on the built archgen (needs `tsc -b tsconfig.build.json`)', () => {
    const seed = readFileSync(path.join(ROOT, 'test/fixtures/seed/model.arch'), 'utf8');

    async function workspace(): Promise<string> {
        const cwd = await mkdtemp(path.join(tmpdir(), 'archgen-action-'));
        folders.push(cwd);
        await writeFile(path.join(cwd, 'model.arch'), seed);
        await writeFile(path.join(cwd, 'fixed.arch'), seed.replace('mq_connector', 'message_queue'));
        // A component nothing connects to: one warning.
        await writeFile(path.join(cwd, 'lonely.arch'), 'architecture:\n    component frontend web\n    component backend api\n    component backend orphan\n    connector http web -> api\n');
        return cwd;
    }

    const check = (cwd: string, inputs: { files: string; strict?: string; maxWarnings?: string }) =>
        runStep('Check', cwd, {
            ARCHGEN_BIN: BIN,
            ARCHGEN_FILES: inputs.files,
            ARCHGEN_STRICT: inputs.strict ?? 'false',
            ARCHGEN_MAX_WARNINGS: inputs.maxWarnings ?? '',
            GITHUB_WORKSPACE: cwd
        });

    it('annotates and fails on an error; passes a clean model; splits files on spaces and new lines, leaving globs to archgen', async () => {
        const cwd = await workspace();
        const failing = await check(cwd, { files: 'model.arch' });
        expect(failing.code).toBe(1);
        expect(failing.stdout).toMatch(/^::error file=model\.arch,line=25,col=15,endLine=25,endColumn=27,title=connector\/unknown-kind::/m);
        expect(await check(cwd, { files: 'fixed.arch' })).toMatchObject({ code: 0, stdout: 'No problems in 1 file.\n' });
        const several = await check(cwd, { files: 'fixed.arch\nlonely.arch  f*.arch' });
        expect(several.code).toBe(0);
        expect(several.stdout).toMatch(/^::warning file=lonely\.arch,line=4,/m);
        expect(several.stdout).toMatch(/1 warning in 2 files\n$/);
    });

    it('passes strict and max-warnings on, and refuses a strict that is neither true nor false', async () => {
        const cwd = await workspace();
        expect((await check(cwd, { files: 'lonely.arch', strict: 'true' })).code).toBe(1);
        expect((await check(cwd, { files: 'lonely.arch', maxWarnings: '1' })).code).toBe(0);
        expect((await check(cwd, { files: 'lonely.arch', maxWarnings: '0' })).code).toBe(1);
        expect((await check(cwd, { files: 'lonely.arch', maxWarnings: 'many' })).code).toBe(2);
        const wrong = await check(cwd, { files: 'lonely.arch', strict: 'yes' });
        expect(wrong.code).toBe(2);
        expect(wrong.stdout).toMatch(/^::error title=archgen::/);
    });

    it('writes the SARIF log and its path even when the models have errors, and stops on a usage error', async () => {
        const cwd = await workspace();
        const output = path.join(cwd, 'github-output');
        await writeFile(output, '');
        const sarif = path.join(cwd, 'archgen.sarif');
        const env = { ARCHGEN_BIN: BIN, ARCHGEN_SARIF: sarif, GITHUB_OUTPUT: output, GITHUB_WORKSPACE: cwd };
        const written = await runStep('Write SARIF', cwd, { ...env, ARCHGEN_FILES: '*.arch' });
        expect(written.code).toBe(0);
        expect(await readFile(output, 'utf8')).toBe(`file=${sarif}\n`);
        const log = JSON.parse(await readFile(sarif, 'utf8')) as { runs: { results: { ruleId: string }[]; artifacts: unknown[] }[] };
        expect(log.runs[0]!.artifacts).toHaveLength(3);
        expect(log.runs[0]!.results.map(r => r.ruleId)).toContain('connector/unknown-kind');
        const missing = await runStep('Write SARIF', cwd, { ...env, ARCHGEN_FILES: 'nowhere.arch' });
        expect(missing.code).toBe(2);
        expect(missing.stderr).toContain("cannot read 'nowhere.arch'");
    });
});
