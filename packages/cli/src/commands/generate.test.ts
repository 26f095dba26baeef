import { access, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-code.js';
import { DIAGRAM_LIMIT } from './generate.js';
import type { GeneratedFile } from '../generator.js';
import { MANIFEST_PATH } from '../write/manifest.js';
import { ANSI, copyInvoicing, fakeGenerator, runCli, seedText, snapshot, tempDir } from '../test-support/index.js';

/** A working folder with the fixed seed model as `model.arch` (and the broken one as `broken.arch`). */
async function workspace(): Promise<string> {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'model.arch'), await seedText(true));
    await writeFile(path.join(cwd, 'broken.arch'), await seedText());
    return cwd;
}

function generateIn(cwd: string, args: readonly string[], generator = fakeGenerator(), tty = false) {
    return runCli(['generate', 'model.arch', ...args], { cwd, tty, deps: { loadGenerator: () => Promise.resolve(generator) } });
}

async function exists(file: string): Promise<boolean> {
    return access(file).then(
        () => true,
        () => false
    );
}

const EDITED = 'services/ecommerce-be-usr/index.ts';

describe('archgen generate', () => {
    it('writes into out/<projectName> by default and reports what it did', async () => {
        const cwd = await workspace();
        const result = await generateIn(cwd, []);
        expect(result.code).toBe(ExitCode.Success);
        expect(result.stderr).toBe('');
        const files = await snapshot(path.join(cwd, 'out'));
        const [project] = [...files.keys()][0]!.split('/');
        expect(result.stdout).toContain(`created .env with 3 secrets (mode 0600)`);
        expect(result.stdout).toMatch(new RegExp(`^Generated 7 files in out/${project} \\(7 created\\)$`, 'm'));
        expect(result.stdout).not.toMatch(ANSI);
        expect(files.get(`${project}/scripts/start.sh`)?.mode).toBe(0o755);
        expect(files.get(`${project}/.env`)?.mode).toBe(0o600);
        const manifest = JSON.parse(files.get(`${project}/${MANIFEST_PATH}`)!.content.toString()) as Record<string, unknown>;
        expect(manifest).toMatchObject({ generator: 'archgen', model: '../../model.arch', target: 'compose' });
        expect(result.stdout).not.toContain(files.get(`${project}/.env`)!.content.toString().match(/JWT_SECRET=(.*)/)![1]);
    });

    it('draws no diagram for a model larger than DIAGRAM_LIMIT components, and says so', async () => {
        const cwd = await tempDir();
        const names = Array.from({ length: DIAGRAM_LIMIT }, (_, i) => `s${i}`);
        const model = ['architecture big:', '    component load_balancer lb', ...names.map(n => `    component backend ${n}`),
            ...names.map(n => `    connector http lb -> ${n}`)].join('\n');
        await writeFile(path.join(cwd, 'model.arch'), `${model}\n`);
        const result = await generateIn(cwd, ['-o', 'out']);
        expect(result.code).toBe(ExitCode.Success);
        expect(result.stdout).toMatch(new RegExp(`^No diagram.svg: ${DIAGRAM_LIMIT + 1} components are more than ${DIAGRAM_LIMIT}; 'archgen diagram' draws it anyway.\\n`));
        expect(await exists(path.join(cwd, 'out', 'diagram.svg'))).toBe(false);
    });

    it('renders the diagram and hands it to the generator, which writes diagram.svg', async () => {
        const cwd = await workspace();
        expect((await generateIn(cwd, ['-o', 'out'])).code).toBe(ExitCode.Success);
        const svg = await readFile(path.join(cwd, 'out', 'diagram.svg'), 'utf8');
        expect(svg).toMatch(/^<svg /);
        expect(svg).toContain('<text>ecommerce_be_usr</text>');
    });

    it('gives identical bytes in two folders, except .env', async () => {
        const cwd = await workspace();
        expect((await generateIn(cwd, ['-o', 'out/a'])).code).toBe(ExitCode.Success);
        expect((await generateIn(cwd, ['--output', 'out/b'])).code).toBe(ExitCode.Success);
        const contents = async (folder: string) =>
            new Map([...(await snapshot(path.join(cwd, folder)))].filter(([file]) => file !== '.env').map(([file, { content }]) => [file, content]));
        const a = await contents('out/a');
        expect(a.size).toBeGreaterThan(5);
        expect(await contents('out/b')).toEqual(a);
        const env = async (folder: string) => readFile(path.join(cwd, folder, '.env'), 'utf8');
        expect(await env('out/a')).not.toBe(await env('out/b'));
    });

    it('changes nothing when regenerating into the same folder', async () => {
        const cwd = await workspace();
        await generateIn(cwd, ['-o', 'out']);
        const before = await snapshot(path.join(cwd, 'out'));
        const again = await generateIn(cwd, ['-o', 'out']);
        expect(again.code).toBe(ExitCode.Success);
        expect(again.stdout).toBe('Generated 7 files in out (7 unchanged)\n');
        expect(await snapshot(path.join(cwd, 'out'))).toEqual(before);
    });

    it('keeps a file the user edited, writing <file>.new beside it, unless --force', async () => {
        const cwd = await workspace();
        await generateIn(cwd, ['-o', 'out']);
        const edited = path.join(cwd, 'out', EDITED);
        const generated = await readFile(edited, 'utf8');
        await writeFile(edited, 'my own code\n');

        const kept = await generateIn(cwd, ['-o', 'out']);
        expect(kept.code).toBe(ExitCode.Success);
        expect(kept.stdout).toContain(`kept (edited): ${EDITED} -> wrote ${EDITED}.new\n`);
        expect(kept.stdout).toContain('(6 unchanged, 1 kept: edited)');
        expect(await readFile(edited, 'utf8')).toBe('my own code\n');
        expect(await readFile(`${edited}.new`, 'utf8')).toBe(generated);

        const again = await generateIn(cwd, ['-o', 'out']);
        expect(again.stdout).toContain(`kept (edited): ${EDITED} -> ${EDITED}.new is up to date\n`);
        expect(await readFile(edited, 'utf8')).toBe('my own code\n');

        const forced = await generateIn(cwd, ['-o', 'out', '--force']);
        expect(forced.code).toBe(ExitCode.Success);
        expect(forced.stdout).toContain(`overwrote (edited, --force): ${EDITED}\n`);
        expect(await readFile(edited, 'utf8')).toBe(generated);
    });

    it('re-creates a generated file that was removed', async () => {
        const cwd = await workspace();
        await generateIn(cwd, ['-o', 'out']);
        const file = path.join(cwd, 'out', EDITED);
        const content = await readFile(file, 'utf8');
        await rm(file);
        const result = await generateIn(cwd, ['-o', 'out']);
        expect(result.stdout).toContain('(1 created, 6 unchanged)');
        expect(await readFile(file, 'utf8')).toBe(content);
    });

    it('removes what is no longer generated, unless edited', async () => {
        const cwd = await workspace();
        await generateIn(cwd, ['-o', 'out']);
        await writeFile(path.join(cwd, 'out', 'docker-compose.yml'), 'edited\n');
        const result = await generateIn(cwd, ['-o', 'out'], fakeGenerator({ omit: [EDITED, 'docker-compose.yml'] }));
        expect(result.stdout).toContain(`removed (no longer generated): ${EDITED}\n`);
        expect(result.stdout).toContain('kept (edited, no longer generated): docker-compose.yml\n');
        expect(await exists(path.join(cwd, 'out', EDITED))).toBe(false);
        expect(await readFile(path.join(cwd, 'out', 'docker-compose.yml'), 'utf8')).toBe('edited\n');
    });

    it('writes nothing with --dry-run, not even the folder', async () => {
        const cwd = await workspace();
        const result = await generateIn(cwd, ['-o', 'out', '--dry-run']);
        expect(result.code).toBe(ExitCode.Success);
        expect(result.stdout).toContain('would create docker-compose.yml\n');
        expect(result.stdout).toContain('would create .env with 3 secrets');
        expect(result.stdout).toContain('Dry run: 7 files for out (7 to create); nothing written.\n');
        expect(await exists(path.join(cwd, 'out'))).toBe(false);

        await generateIn(cwd, ['-o', 'out']);
        await writeFile(path.join(cwd, 'out', EDITED), 'mine\n');
        const before = await snapshot(path.join(cwd, 'out'));
        const dry = await generateIn(cwd, ['-o', 'out', '--dry-run']);
        expect(dry.stdout).toContain(`would keep (edited): ${EDITED} -> would write ${EDITED}.new\n`);
        expect(await snapshot(path.join(cwd, 'out'))).toEqual(before);
    });

    it('keeps the values of an existing .env and makes it 0600', async () => {
        const cwd = await workspace();
        await mkdir(path.join(cwd, 'out'));
        await writeFile(path.join(cwd, 'out', '.env'), 'POSTGRES_PASSWORD=my-password\n', { mode: 0o644 });
        const result = await generateIn(cwd, ['-o', 'out']);
        expect(result.stdout).toContain('added 2 missing secrets to .env (POSTGRES_USER, JWT_SECRET)');
        const env = await readFile(path.join(cwd, 'out', '.env'), 'utf8');
        expect(env).toMatch(/^POSTGRES_PASSWORD=my-password\n/);
        expect(env).toContain('\nPOSTGRES_USER=app\n');
        expect(env).not.toMatch(/POSTGRES_PASSWORD=(?!my-password)/);
        expect((await stat(path.join(cwd, 'out', '.env'))).mode & 0o777).toBe(0o600);
    });

    it('shows progress on a TTY stderr only', async () => {
        const cwd = await workspace();
        const tty = await generateIn(cwd, ['-o', 'tty'], fakeGenerator(), true);
        expect(tty.stderr).toContain('[7/7] writing ');
        expect(tty.stderr.endsWith('\r\x1b[K')).toBe(true);
        const plain = await generateIn(cwd, ['-o', 'plain']);
        expect(plain.stderr).toBe('');
    });

    describe('refuses to write outside the output folder (exit 2, nothing written)', () => {
        it.each(['../x', '/abs/x'])('a generated path %j', async bad => {
            const cwd = await workspace();
            const extra: GeneratedFile[] = [{ path: bad, content: 'x' }];
            const result = await generateIn(cwd, ['-o', 'out'], fakeGenerator({ extra }));
            expect(result.code).toBe(ExitCode.UsageOrIo);
            expect(result.stderr).toMatch(new RegExp(`^archgen: refusing to write '${bad}': .*\n$`));
            expect(await exists(path.join(cwd, 'out'))).toBe(false);
            expect(await exists(path.join(cwd, 'x'))).toBe(false);
        });

        it('a symbolic link pointing outside', async () => {
            const cwd = await workspace();
            await mkdir(path.join(cwd, 'outside'));
            await mkdir(path.join(cwd, 'out'));
            await symlink(path.join(cwd, 'outside'), path.join(cwd, 'out', 'services'));
            const result = await generateIn(cwd, ['-o', 'out']);
            expect(result.code).toBe(ExitCode.UsageOrIo);
            expect(result.stderr).toMatch(/^archgen: refusing to write 'services\/[^']+': it resolves outside the output folder/);
            expect(await snapshot(path.join(cwd, 'outside'))).toEqual(new Map());
            expect(await snapshot(path.join(cwd, 'out'))).toEqual(new Map());
        });
    });

    it('exits 1 and writes nothing when the model has errors', async () => {
        const cwd = await workspace();
        let loaded = false;
        const result = await runCli(['generate', 'broken.arch', '-o', 'out'], {
            cwd,
            deps: {
                loadGenerator: () => {
                    loaded = true;
                    return Promise.resolve(fakeGenerator());
                }
            }
        });
        expect(result.code).toBe(ExitCode.ModelErrors);
        expect(result.stdout).toMatch(/^broken\.arch:25:15 error connector\/unknown-kind .*\n1 error in 1 file\n$/);
        expect(loaded).toBe(false);
        expect(await exists(path.join(cwd, 'out'))).toBe(false);
    });

    it('generates a model in several files, and nothing when a file it imports has an error', async () => {
        const cwd = await tempDir();
        await copyInvoicing(cwd);
        const generated = await runCli(['generate', 'invoicing.arch', '-o', 'out'], { cwd });
        expect(generated.code).toBe(ExitCode.Success);
        const compose = await readFile(path.join(cwd, 'out', 'docker-compose.yml'), 'utf8');
        for (const service of ['portal', 'invoicing-gw', 'accounts', 'billing', 'mailer', 'accounts-db', 'billing-db', 'mail-db']) {
            expect(compose).toMatch(new RegExp(`^  ${service}:$`, 'm'));
        }
        const broken = await tempDir();
        await copyInvoicing(broken, { file: 'services.arch', from: 'component mqtp mailer', to: 'component mqtp mailer\n    component backend billing' });
        const refused = await runCli(['generate', 'invoicing.arch', '-o', 'out'], { cwd: broken });
        expect(refused.code).toBe(ExitCode.ModelErrors);
        expect(refused.stdout).toMatch(/^services\.arch:\d+:23 error component\/duplicate-name /m);
        expect(await exists(path.join(broken, 'out'))).toBe(false);
    });

    it('exits 2 for an unknown target or a missing model', async () => {
        const cwd = await workspace();
        const target = await generateIn(cwd, ['--target', 'swarm']);
        expect(target).toMatchObject({ code: ExitCode.UsageOrIo, stderr: "archgen: unknown target 'swarm': expected one of compose\n" });
        const missing = await runCli(['generate', 'missing.arch'], { cwd });
        expect(missing).toEqual({ code: ExitCode.UsageOrIo, stdout: '', stderr: "archgen: cannot read 'missing.arch': no such file or directory\n" });
    });
});

describe('archgen generate with the real generator', () => {
    it('generates the seed model and regenerates it without changes', async () => {
        const cwd = await workspace();
        const first = await runCli(['generate', 'model.arch', '-o', 'out'], { cwd });
        expect(first.stderr).toBe('');
        expect(first.code).toBe(ExitCode.Success);
        const before = await snapshot(path.join(cwd, 'out'));
        expect(before.has(MANIFEST_PATH)).toBe(true);
        const second = await runCli(['generate', 'model.arch', '-o', 'out'], { cwd });
        expect(second.code).toBe(ExitCode.Success);
        expect(second.stdout).toMatch(/^Generated (\d+) files in out \(\1 unchanged\)\n$/);
        expect(await snapshot(path.join(cwd, 'out'))).toEqual(before);
        // The diagram, laid out by Graphviz, and the README that shows it.
        const svg = before.get('diagram.svg')!.content.toString();
        expect(svg).toContain('<title>ecommerce_be_usr</title>');
        expect(before.get('README.md')!.content.toString()).toContain('![Architecture](diagram.svg)');
        expect(before.has('diagram.mmd')).toBe(true);
    });
});

describe('archgen generate --target k8s|all', () => {
    /** Every generated file but .env and archgen's manifest, as text. */
    const texts = async (folder: string) => new Map([...(await snapshot(folder))]
        .filter(([file]) => file !== '.env' && file !== MANIFEST_PATH)
        .map(([file, { content }]) => [file, content.toString()]));

    it('k8s: writes k8s/ and kustomization.yaml instead of docker-compose.yml, no credential in them', async () => {
        const cwd = await workspace();
        const result = await runCli(['generate', 'model.arch', '-o', 'out', '--target', 'k8s'], { cwd });
        expect(result).toMatchObject({ code: ExitCode.Success, stderr: '' });
        const out = path.join(cwd, 'out');
        const files = await texts(out);
        expect(files.has('docker-compose.yml')).toBe(false);
        expect(files.get('kustomization.yaml')).toContain('secretGenerator:');
        expect(files.get('k8s/kustomization.yaml')).toContain('- "services/ecommerce-be-usr.yaml"');
        expect([...files.keys()].filter(f => f.startsWith('k8s/') && f.endsWith('.yaml')).length).toBeGreaterThan(10);
        // Shared with compose: the sources, nginx templates, schemas.
        for (const shared of ['services/ecommerce-be-usr/src/main.ts', 'gateways/ecommerce-ag-us/default.conf.template', 'databases/ecommerce-be-usr-db/schema.sql']) {
            expect(files.has(shared), shared).toBe(true);
        }
        expect(files.get('README.md')).toContain('kubectl apply -k .');
        const manifest = JSON.parse(await readFile(path.join(out, MANIFEST_PATH), 'utf8')) as Record<string, unknown>;
        expect(manifest).toMatchObject({ target: 'k8s' });
        // The credentials live in .env only: no value of it appears in any file archgen wrote.
        const env = await readFile(path.join(out, '.env'), 'utf8');
        const values = [...env.matchAll(/^[A-Z0-9_]+_(?:PASSWORD|SECRET)=(.+)$/gm)].map(m => m[1]!);
        expect(values.length).toBeGreaterThan(3);
        for (const [file, text] of files) for (const value of values) expect(text.includes(value), file).toBe(false);
        expect(result.stdout).not.toContain(values[0]);
    });

    it('all: compose and k8s in one folder; switching targets adds and removes only what differs', async () => {
        const cwd = await workspace();
        expect((await runCli(['generate', 'model.arch', '-o', 'out'], { cwd })).code).toBe(ExitCode.Success);
        const out = path.join(cwd, 'out');
        const compose = await texts(out);
        const env = await readFile(path.join(out, '.env'), 'utf8');

        const all = await runCli(['generate', 'model.arch', '-o', 'out', '--target', 'all'], { cwd });
        expect(all.code).toBe(ExitCode.Success);
        const both = await texts(out);
        expect(both.has('docker-compose.yml')).toBe(true);
        expect(both.has('kustomization.yaml')).toBe(true);
        // What compose wrote is still there, unchanged but the README; .env keeps its values.
        for (const [file, text] of compose) if (file !== 'README.md') expect(both.get(file), file).toBe(text);
        expect(await readFile(path.join(out, '.env'), 'utf8')).toBe(env);
        expect(both.get('README.md')).toContain('## Start it with Docker Compose');
        expect(both.get('README.md')).toContain('## Run it on Kubernetes');

        const back = await runCli(['generate', 'model.arch', '-o', 'out', '--target', 'compose'], { cwd });
        expect(back.code).toBe(ExitCode.Success);
        expect(await texts(out)).toEqual(compose);
        expect(await exists(path.join(out, 'k8s'))).toBe(false);
    });
});
