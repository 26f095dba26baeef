// @ts-check
/**
 * A generated system on this machine, as a user runs it: `archgen generate`
 * (the built CLI) into a temporary folder, then its own `./run-local.sh up`,
 * and always `down` and `clean` after. Every command is bounded.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../', import.meta.url));

/** The npm cache the end-to-end tests use too: the generated workspace installs from it. */
const NPM_CACHE = process.env.ARCHGEN_E2E_NPM_CACHE ?? join(tmpdir(), 'archgen-e2e-npm-cache');

/**
 * Runs a command to its end, at most `timeoutMs` (then SIGTERM, and SIGKILL a minute later).
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd?: string, env?: Record<string, string>, timeoutMs?: number, echo?: boolean }} [options]
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 */
export function runCommand(command, args, { cwd = REPO, env = {}, timeoutMs = 60_000, echo = false } = {}) {
    mkdirSync(NPM_CACHE, { recursive: true });
    return new Promise(resolve => {
        const child = spawn(command, [...args], {
            cwd,
            env: { ...process.env, npm_config_cache: NPM_CACHE, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false', ...env },
            stdio: ['ignore', 'pipe', 'pipe']
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', chunk => {
            stdout += chunk;
            if (echo) process.stderr.write(chunk);
        });
        child.stderr.on('data', chunk => {
            stderr += chunk;
            if (echo) process.stderr.write(chunk);
        });
        const term = setTimeout(() => {
            stderr += `\n[load] ${command} ${args.join(' ')} took more than ${timeoutMs / 1000} s: SIGTERM\n`;
            child.kill('SIGTERM');
        }, timeoutMs);
        const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 60_000);
        child.on('close', code => {
            clearTimeout(term);
            clearTimeout(kill);
            resolve({ code, stdout, stderr });
        });
    });
}

/**
 * Generates `model` with the built CLI into a new temporary folder; returns the system's folder.
 * @param {string} model
 */
export async function generateSystem(model) {
    const cli = join(REPO, 'packages/cli/bin/archgen.js');
    if (!existsSync(join(REPO, 'packages/cli/dist/main.js'))) throw new Error('The CLI is not built: run npm run build first.');
    const root = mkdtempSync(join(tmpdir(), 'archgen-load-'));
    const dir = join(root, 'system');
    const generated = await runCommand(process.execPath, [cli, 'generate', join(REPO, model), '-o', dir], { env: { NO_COLOR: '1' } });
    if (generated.code !== 0) {
        rmSync(root, { recursive: true, force: true });
        throw new Error(`archgen generate ${model} exited ${generated.code}:\n${generated.stdout}${generated.stderr}`);
    }
    return dir;
}

/**
 * `./run-local.sh up` with `env`; resolves with the public URL and the recorded state.
 * @param {string} dir
 * @param {Record<string, string>} env
 */
export async function up(dir, env) {
    const started = await runCommand(join(dir, 'run-local.sh'), ['up'], { cwd: dir, env, timeoutMs: 8 * 60_000 });
    const url = started.stdout.trimEnd().split('\n').pop() ?? '';
    if (started.code !== 0 || !/^http:\/\/127\.0\.0\.1:\d+\/$/.test(url)) {
        throw new Error(`run-local.sh up exited ${started.code}; last line '${url}'.\n${started.stdout}${started.stderr}`);
    }
    const state = JSON.parse(readFileSync(join(dir, '.run-local', 'state.json'), 'utf8'));
    return { url, state: /** @type {{ ports: Record<string, number>, processes: { label: string, pid: number }[] }} */ (state) };
}

/**
 * `down`, then `clean`, then the temporary folder goes. Never throws; says what it could not do.
 * @param {string} dir
 */
export async function teardown(dir) {
    const down = await runCommand(join(dir, 'run-local.sh'), ['down'], { cwd: dir, timeoutMs: 120_000 });
    if (down.code !== 0) process.stderr.write(`load: run-local.sh down exited ${down.code}:\n${down.stdout}${down.stderr}\n`);
    const clean = await runCommand(join(dir, 'run-local.sh'), ['clean'], { cwd: dir, timeoutMs: 120_000 });
    if (clean.code === 0) rmSync(join(dir, '..'), { recursive: true, force: true });
    else process.stderr.write(`load: run-local.sh clean exited ${clean.code}; ${dir} is kept.\n`);
}

/** @param {string} command @param {string[]} args */
function versionOf(command, args) {
    const result = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
    const text = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    return result.status === 0 && text ? text.split('\n')[0] : 'unknown';
}

/** The machine the numbers come from. */
export function machine() {
    const pgBin = process.env.ARCHGEN_PG_BIN
        ?? (existsSync('/usr/lib/postgresql') ? spawnSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1'], { encoding: 'utf8' }).stdout.trim() : '');
    const dpkg = (/** @type {string} */ name) => versionOf('dpkg-query', ['-W', '-f', '${Version}', name]);
    return {
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        cores: cpus().length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        os: `${osType()} ${release()}`,
        node: process.version,
        postgres: pgBin ? versionOf(join(pgBin, 'postgres'), ['--version']) : 'unknown',
        nginx: versionOf('nginx', ['-v']),
        rabbitmq: dpkg('rabbitmq-server'),
        erlang: dpkg('erlang-base'),
        /** Other work on the machine when the run began (1, 5, 15 minutes): the system and the driver share it. */
        loadAverage: loadavg().map(value => Math.round(value * 100) / 100)
    };
}
