import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-code.js';
import { seedText, snapshot, tempDir } from '../test-support/index.js';

const BIN = fileURLToPath(new URL('../../bin/archgen.js', import.meta.url));
const mtime = (relative: string) => {
    const file = fileURLToPath(new URL(relative, import.meta.url));
    return existsSync(file) ? statSync(file).mtimeMs : undefined;
};
/**
 * The bin runs the bundle, which the daemon serves, only while it is as new as
 * every package's last compile (as bin/archgen.js decides): `npm test` builds it.
 */
const BUNDLED = (() => {
    const bundled = [mtime('../../dist/archgen.cjs'), mtime('../../dist/launcher.cjs')];
    const builds = ['../../tsconfig.tsbuildinfo', '../../../language/tsconfig.tsbuildinfo', '../../../generator/tsconfig.tsbuildinfo', '../../../model/tsconfig.tsbuildinfo']
        .map(mtime)
        .filter(t => t !== undefined);
    return bundled.every(b => b !== undefined && builds.every(t => t <= b));
})();
const ECOMMERCE = fileURLToPath(new URL('../../../../examples/ecommerce.arch', import.meta.url));

// Not tempDir(): that one goes after each test, and the daemon's folder must outlive them all.
const runtime = mkdtempSync(path.join(tmpdir(), 'archgen-daemon-test-'));
// CI set: no command starts a daemon by itself, except where a test says otherwise.
const ENV = { PATH: process.env['PATH'] ?? '', XDG_RUNTIME_DIR: runtime, CI: 'true' };

function archgen(args: readonly string[], cwd: string, env: Record<string, string> = {}) {
    return new Promise<{ code: number; stdout: string; stderr: string }>(resolve => {
        execFile(process.execPath, [BIN, ...args], { cwd, env: { ...ENV, ...env } }, (error, stdout, stderr) => {
            resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
        });
    });
}

const socketFiles = (): string[] => (existsSync(path.join(runtime, 'archgen')) ? readdirSync(path.join(runtime, 'archgen')).sort() : []);
const sockets = (): string[] => socketFiles().filter(f => f.endsWith('.sock'));

async function waitForDaemon(cwd: string, env: Record<string, string> = {}): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
        const status = await archgen(['daemon', 'status'], cwd, env);
        if (status.stdout.startsWith('archgen daemon running') || Date.now() > deadline) return status.stdout;
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}

afterAll(async () => {
    // Whatever happened above, no daemon outlives the tests.
    await archgen(['daemon', 'stop'], runtime);
    rmSync(runtime, { recursive: true, force: true });
});

describe.skipIf(!BUNDLED)('archgen daemon (the real binary)', () => {
    it('starts warmed up, runs generate and check exactly as a process of their own would, and stops', async () => {
        const cwd = await tempDir();
        copyFileSync(ECOMMERCE, path.join(cwd, 'shop.arch'));
        await writeFile(path.join(cwd, 'seed.arch'), await seedText());

        expect((await archgen(['daemon', 'status'], cwd)).stdout).toBe('No archgen daemon is running.\n');
        const started = await archgen(['daemon', 'start', '--idle-minutes', '5'], cwd);
        expect(started.code, started.stderr).toBe(ExitCode.Success);
        expect(started.stdout).toMatch(/^archgen daemon started \(pid \d+\); it stops after 5 minutes without a command/);
        expect(sockets()).toHaveLength(1);
        expect((await archgen(['daemon', 'start'], cwd)).stdout).toMatch(/^archgen daemon already running/);

        // Relative paths are the caller's: the model and the output folder are found from `cwd`.
        const viaDaemon = await archgen(['generate', 'shop.arch', '-o', 'out-daemon'], cwd);
        const alone = await archgen(['generate', 'shop.arch', '-o', 'out-alone'], cwd, { ARCHGEN_NO_DAEMON: '1' });
        expect(viaDaemon.code, viaDaemon.stderr).toBe(ExitCode.Success);
        expect(viaDaemon.stdout.replace('out-daemon', 'out-alone')).toBe(alone.stdout);
        expect(viaDaemon.stderr.replace('out-daemon', 'out-alone')).toBe(alone.stderr);
        const daemonTree = await snapshot(path.join(cwd, 'out-daemon'));
        const aloneTree = await snapshot(path.join(cwd, 'out-alone'));
        expect([...daemonTree.keys()].sort()).toEqual([...aloneTree.keys()].sort());
        expect(daemonTree.size).toBeGreaterThan(50);
        for (const [file, { content, mode }] of daemonTree) {
            const other = aloneTree.get(file)!;
            expect(mode, file).toBe(other.mode);
            // .env holds fresh random secrets on every first generate: the same names, other values.
            if (file === '.env') expect(keys(content)).toEqual(keys(other.content));
            else expect(content.equals(other.content), file).toBe(true);
        }

        const seedDaemon = await archgen(['check', 'seed.arch'], cwd);
        const seedAlone = await archgen(['check', 'seed.arch'], cwd, { ARCHGEN_NO_DAEMON: '1' });
        expect(seedDaemon.code).toBe(ExitCode.ModelErrors);
        expect(seedDaemon).toEqual(seedAlone);

        const usage = await archgen(['check', '--bogus', 'seed.arch'], cwd);
        expect(usage).toEqual({ code: ExitCode.UsageOrIo, stdout: '', stderr: "archgen: unknown option '--bogus'\n" });

        const status = await archgen(['daemon', 'status'], cwd);
        expect(status.stdout).toMatch(/^archgen daemon running: pid \d+, since .*, 3 command\(s\) run, stops after 5 idle minutes\.\n$/);

        expect((await archgen(['daemon', 'stop'], cwd)).stdout).toBe('archgen daemon stopped.\n');
        await new Promise(resolve => setTimeout(resolve, 200));
        expect(sockets()).toEqual([]);
        expect((await archgen(['daemon', 'status'], cwd)).stdout).toBe('No archgen daemon is running.\n');
        // Without it, commands run as before.
        const after = await archgen(['check', 'seed.arch'], cwd);
        expect(after).toEqual(seedAlone);
    });

    it('is started by a command that ran in its own process, for the next ones, but not on CI', async () => {
        const cwd = await tempDir();
        copyFileSync(ECOMMERCE, path.join(cwd, 'shop.arch'));
        const alone = await archgen(['check', 'shop.arch'], cwd, { ARCHGEN_NO_DAEMON: '1' });
        expect(alone.code, alone.stderr).toBe(ExitCode.Success);

        // CI set (and ARCHGEN_NO_DAEMON above): nothing is started, not even a lock or a log.
        expect(await archgen(['check', 'shop.arch'], cwd)).toEqual(alone);
        expect(socketFiles()).toEqual([]);

        const interactive = { CI: '' };
        const first = await archgen(['check', 'shop.arch'], cwd, interactive);
        // Not a terminal: the command says nothing more than it would alone.
        expect(first).toEqual(alone);
        expect(await waitForDaemon(cwd)).toMatch(/^archgen daemon running: pid \d+, since .*, 0 command\(s\) run, stops after 15 idle minutes\.\n$/);
        // Listening: its lock is gone, its log stays while it runs.
        expect(socketFiles().filter(f => !f.endsWith('.log'))).toEqual(sockets());
        expect(sockets()).toHaveLength(1);

        const second = await archgen(['generate', 'shop.arch', '-o', 'out'], cwd, interactive);
        expect(second.code, second.stderr).toBe(ExitCode.Success);
        expect(second.stdout).toMatch(/^Generated \d+ files in out/m);
        // The daemon ran it, and no second daemon was started.
        expect((await archgen(['daemon', 'status'], cwd)).stdout).toMatch(/, 1 command\(s\) run,/);
        expect(sockets()).toHaveLength(1);

        expect((await archgen(['daemon', 'stop'], cwd)).stdout).toBe('archgen daemon stopped.\n');
        await new Promise(resolve => setTimeout(resolve, 200));
        expect(socketFiles()).toEqual([]);
    });

    it('refuses a bad --idle-minutes with a usage error', async () => {
        const result = await archgen(['daemon', 'start', '--idle-minutes', 'soon'], runtime);
        expect(result.code).toBe(ExitCode.UsageOrIo);
        expect(result.stderr).toBe("archgen: daemon: --idle-minutes must be a number of minutes between 0 and 1440, not 'soon'.\n");
    });
});

function keys(content: Buffer): string[] {
    return content.toString('utf8').split('\n').filter(l => /^[A-Z_0-9]+=/.test(l)).map(l => l.split('=')[0]!);
}
