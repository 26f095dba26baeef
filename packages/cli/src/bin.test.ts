import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode } from './exit-code.js';
import { ANSI, runCli, seedText, snapshot, tempDir } from './test-support/index.js';

const BIN = fileURLToPath(new URL('../bin/archgen.js', import.meta.url));
const BUILT = existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url)));
const BUNDLED = existsSync(fileURLToPath(new URL('../dist/archgen.cjs', import.meta.url)));
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Spawns the real binary: `node packages/cli/bin/archgen.js <args>` (pipes, so never a TTY). */
function spawnArchgen(args: readonly string[], cwd: string, env: Record<string, string> = {}) {
    return new Promise<{ code: number; stdout: string; stderr: string }>(resolve => {
        execFile(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', ARCHGEN_NO_DAEMON: '1', ...env } }, (error, stdout, stderr) => {
            resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
        });
    });
}

// `npm test` builds first; a bare `vitest run` on a fresh checkout has no dist/ to spawn.
describe.skipIf(!BUILT)('the archgen binary (needs `tsc -b tsconfig.build.json`)', () => {
    it('prints its version', async () => {
        expect(await spawnArchgen(['--version'], await tempDir())).toEqual({ code: ExitCode.Success, stdout: `${VERSION}\n`, stderr: '' });
    });

    it('checks the seed model: exit 1, the diagnostic line, no stack trace, no colour on a pipe', async () => {
        const cwd = await tempDir();
        await writeFile(path.join(cwd, 'model.arch'), await seedText());
        const result = await spawnArchgen(['check', 'model.arch'], cwd);
        expect(result.code).toBe(ExitCode.ModelErrors);
        expect(result.stdout).toMatch(/^model\.arch:25:15 error connector\/unknown-kind .*'message_queue'/m);
        expect(result.stdout).not.toMatch(ANSI);
        expect(result.stderr).toBe('');
        expect(result.stdout).not.toMatch(/\n\s+at /);
    });

    it('exits 2 with one line for a missing file and for an unknown option', async () => {
        const cwd = await tempDir();
        const missing = await spawnArchgen(['check', 'missing.arch'], cwd);
        expect(missing).toEqual({ code: ExitCode.UsageOrIo, stdout: '', stderr: "archgen: cannot read 'missing.arch': no such file or directory\n" });
        const unknown = await spawnArchgen(['check', '--bogus', 'x.arch'], cwd);
        expect(unknown.code).toBe(ExitCode.UsageOrIo);
        expect(unknown.stderr).toBe("archgen: unknown option '--bogus'\n");
    });

    it('stops quietly when the reader of its output goes away (`archgen check big.arch | head -1`)', async () => {
        const cwd = await tempDir();
        // Thousands of diagnostics: far more output than a pipe buffers.
        const lines = Array.from({ length: 4000 }, () => '    component backend same');
        await writeFile(path.join(cwd, 'big.arch'), `architecture:\n${lines.join('\n')}\n`);
        const child = spawn(process.execPath, [BIN, 'check', 'big.arch'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', chunk => (stderr += String(chunk)));
        // Read one chunk, then close the pipe as `head` does.
        await new Promise<void>(resolve => child.stdout.once('data', () => {
            child.stdout.destroy();
            resolve();
        }));
        const code = await new Promise<number | null>(resolve => child.once('close', resolve));
        expect(stderr).toBe('');
        expect(code).toBe(ExitCode.ModelErrors);
    });

    it('generates the fixed seed model', async () => {
        const cwd = await tempDir();
        await writeFile(path.join(cwd, 'model.arch'), await seedText(true));
        const result = await spawnArchgen(['generate', 'model.arch', '-o', 'out'], cwd);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(ExitCode.Success);
        expect(result.stdout).toMatch(/^Generated \d+ files in out \(\d+ created\)$/m);
        expect(existsSync(path.join(cwd, 'out', '.archgen', 'manifest.json'))).toBe(true);
    });

    // The bundle holds the templates precompiled; dist/main.js compiles them as it runs.
    it.skipIf(!BUNDLED)('generates the same bytes from the bundle as from the compiled modules', async () => {
        const cwd = await tempDir();
        await writeFile(path.join(cwd, 'model.arch'), await seedText(true));
        const args = ['generate', 'model.arch', '--target', 'all'];
        const bundled = await spawnArchgen([...args, '-o', 'bundled'], cwd);
        const main = pathToFileURL(fileURLToPath(new URL('../dist/main.js', import.meta.url))).href;
        const modules = await new Promise<{ code: number; stderr: string }>(resolve => {
            const runMain = `process.argv.splice(1, 0, 'archgen'); const { main } = await import(${JSON.stringify(main)}); await main();`;
            execFile(process.execPath, ['--input-type=module', '-e', runMain, ...args, '-o', 'modules'], { cwd }, (error, _stdout, stderr) => {
                resolve({ code: error ? Number(error.code) : 0, stderr });
            });
        });
        expect([bundled.code, bundled.stderr, modules.code, modules.stderr]).toEqual([ExitCode.Success, '', ExitCode.Success, '']);
        // `.env` holds fresh random secrets each time.
        const files = async (folder: string) =>
            new Map([...(await snapshot(path.join(cwd, folder)))].filter(([file]) => file !== '.env').map(([file, { content, mode }]) => [file, { content: content.toString(), mode }]));
        const fromBundle = await files('bundled');
        expect(fromBundle.has('diagram.svg')).toBe(true);
        expect(fromBundle).toEqual(await files('modules'));
    });

    // The binary lays out with V8 flags of its own (main.ts) and, bundled, reads Graphviz's WebAssembly from its own file.
    it('draws the same SVG as the library in this process', async () => {
        const cwd = await tempDir();
        await writeFile(path.join(cwd, 'model.arch'), await seedText(true));
        const inProcess = await runCli(['diagram', 'model.arch', '--format', 'svg'], { cwd });
        expect(inProcess.code).toBe(ExitCode.Success);
        expect(await spawnArchgen(['diagram', 'model.arch', '--format', 'svg'], cwd)).toEqual({ code: ExitCode.Success, stdout: inProcess.stdout, stderr: '' });
    });

    it.skipIf(!BUNDLED)('bundles Graphviz reading the one graphviz-<hash>.wasm beside the bundle, named by the hash of its bytes', () => {
        const dist = fileURLToPath(new URL('../dist/', import.meta.url));
        const wasm = readdirSync(dist).filter(name => /^graphviz-[0-9a-f]{16}\.wasm$/.test(name));
        expect(wasm).toHaveLength(1);
        expect(`graphviz-${createHash('sha256').update(readFileSync(path.join(dist, wasm[0]!))).digest('hex').slice(0, 16)}.wasm`).toBe(wasm[0]);
        expect(readFileSync(path.join(dist, 'archgen.cjs'), 'utf8')).toContain(JSON.stringify(wasm[0]));
    });
});
