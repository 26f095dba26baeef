/**
 * End-to-end harness: generate a model as `archgen generate` does (files and
 * .env), start it with its own `./run-local.sh up`, talk to the public URL,
 * and always `down` (then `clean`) afterwards.
 *
 *   const needs = availability(['postgres', 'nginx', 'npm']);
 *   describe.skipIf(!needs.run)(`lab${needs.note}`, () => {
 *       const system = useSystem('test/fixtures/e2e/lab-shared-db.arch', needs);
 *       it('answers', async () => { await fetch(system().url); });
 *   });
 *
 * Servers missing on a developer machine skip the suite with the reason in
 * its title (and on stderr); with CI=true they fail it instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { run } from '../../packages/cli/src/main.js';
import { freePort } from '../support/net.js';

export { freePort };

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export type Server = 'postgres' | 'nginx' | 'rabbitmq' | 'mosquitto' | 'npm';

export interface Needs {
    /** Run the suite: everything is there, or CI=true (a missing server then fails it). */
    readonly run: boolean;
    /** Why it cannot run, when something is missing. */
    readonly missing: readonly string[];
    /** ` (skipped: ...)` for the suite's title, or ''. */
    readonly note: string;
}

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

function findExecutable(name: string, extra: readonly string[] = []): string | undefined {
    const dirs = [...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean), ...SBIN, ...extra];
    return dirs.map(dir => join(dir, name)).find(file => spawnSync('test', ['-x', file]).status === 0);
}

function postgresMissing(): string | undefined {
    const tools = ['initdb', 'pg_ctl', 'psql', 'pg_isready'];
    const complete = (dir: string) => tools.every(tool => existsSync(join(dir, tool)));
    const wanted = process.env['ARCHGEN_PG_BIN'];
    let dirs = wanted ? [wanted] : [];
    if (!wanted && existsSync('/usr/lib/postgresql')) dirs = readdirSync('/usr/lib/postgresql').map(v => `/usr/lib/postgresql/${v}/bin`);
    if (!dirs.some(complete)) return 'PostgreSQL is not installed (set ARCHGEN_PG_BIN to its bin folder)';
    if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres'], { stdio: 'ignore' }).status !== 0) {
        return "running as root needs the 'postgres' user to start PostgreSQL";
    }
    return undefined;
}

let registry: string | undefined | null = null;
/** The npm registry answers (the generated workspace installs its dependencies). Asked once per test file. */
function npmMissing(): string | undefined {
    if (registry !== null) return registry;
    if (!findExecutable('npm')) return (registry = 'npm is not installed');
    const ping = spawnSync('npm', ['ping'], { stdio: 'ignore', timeout: 20_000, env: npmEnv() });
    return (registry = ping.status === 0 ? undefined : 'the npm registry does not answer (npm ping failed)');
}

const CHECKS: Readonly<Record<Server, () => string | undefined>> = {
    postgres: postgresMissing,
    nginx: () => (findExecutable('nginx') ? undefined : 'nginx is not installed'),
    rabbitmq: () =>
        existsSync('/usr/lib/rabbitmq/bin/rabbitmq-server') || findExecutable('rabbitmq-server') ? undefined : 'rabbitmq-server is not installed',
    mosquitto: () => (findExecutable('mosquitto') ? undefined : 'mosquitto is not installed'),
    npm: npmMissing
};

export function availability(servers: readonly Server[]): Needs {
    const missing = servers.map(server => CHECKS[server]()).filter((reason): reason is string => reason !== undefined);
    const ci = process.env['CI'] === 'true';
    if (missing.length > 0 && !ci) process.stderr.write(`e2e skipped: ${missing.join('; ')}.\n`);
    return { run: missing.length === 0 || ci, missing, note: missing.length > 0 && !ci ? ` (skipped: ${missing.join('; ')})` : '' };
}

/** One npm cache for every end-to-end suite (and run): the generated workspaces install from it. */
export const NPM_CACHE = process.env['ARCHGEN_E2E_NPM_CACHE'] ?? join(tmpdir(), 'archgen-e2e-npm-cache');

function npmEnv(): NodeJS.ProcessEnv {
    mkdirSync(NPM_CACHE, { recursive: true });
    return { ...process.env, npm_config_cache: NPM_CACHE, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' };
}

// ------------------------------------------------------------------ generating

/** Generates a model into a fresh temporary folder with `archgen generate` (in-process), .env included. */
export async function generateSystem(model: string): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'archgen-e2e-'));
    const output: string[] = [];
    const sink = { write: (text: string) => output.push(text) };
    const code = await run(['generate', resolve(REPO, model), '-o', join(dir, 'system')], {
        stdout: sink, stderr: sink, cwd: REPO, env: { NO_COLOR: '1' }, stdoutIsTTY: false, stderrIsTTY: false
    });
    if (code !== 0) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`archgen generate ${model} exited ${code}:\n${output.join('')}`);
    }
    return join(dir, 'system');
}

// ------------------------------------------------------------------ running

export interface CommandResult {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
    readonly ms: number;
}

/** `./run-local.sh <args>` in `dir`, bounded: past the timeout it gets SIGTERM (up then stops what it started). */
export function runLocal(dir: string, args: readonly string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CommandResult> {
    const started = Date.now();
    return new Promise(done => {
        const child = spawn(join(dir, 'run-local.sh'), [...args], { cwd: dir, env: { ...npmEnv(), ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', chunk => (stdout += chunk));
        child.stderr.on('data', chunk => (stderr += chunk));
        const timeoutMs = options.timeoutMs ?? 60_000;
        const term = setTimeout(() => {
            stderr += `\n[harness] ${args.join(' ')} took more than ${timeoutMs / 1000} s: SIGTERM\n`;
            child.kill('SIGTERM');
        }, timeoutMs);
        const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 60_000);
        child.on('close', code => {
            clearTimeout(term);
            clearTimeout(kill);
            done({ code, stdout, stderr, ms: Date.now() - started });
        });
    });
}

/** What run-local records in .run-local/state.json. */
export interface RunLocalState {
    readonly ports: Readonly<Record<string, number>>;
    readonly processes: readonly { unit: string; replica: number; label: string; kind: string; pid: number; ports: number[] }[];
    readonly url: string | null;
}

export function readRunLocalState(dir: string): RunLocalState | undefined {
    const file = join(dir, '.run-local', 'state.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunLocalState) : undefined;
}


/** Resolves true when something accepts connections on 127.0.0.1:port. */
export function listening(port: number): Promise<boolean> {
    return new Promise(done => {
        const socket = connect({ host: '127.0.0.1', port });
        const finish = (result: boolean) => {
            socket.destroy();
            done(result);
        };
        socket.setTimeout(1000, () => finish(false));
        socket.once('connect', () => finish(true));
        socket.once('error', () => finish(false));
    });
}

export interface RunningSystem {
    readonly dir: string;
    /** The public URL, from the last line `up` printed. */
    readonly url: string;
    readonly up: CommandResult;
    /** The state `up` recorded (ports and PIDs). */
    readonly state: RunLocalState;
    /** `down`, once; later calls return the first result. */
    down(): Promise<CommandResult>;
}

export const UP_TIMEOUT_MS = 8 * 60_000;
const URL_LINE = /^http:\/\/127\.0\.0\.1:\d+\/$/;

/**
 * Generates `model` and starts it before the suite's tests, stops it after
 * them. The returned getter gives the running system inside tests.
 */
export function useSystem(
    model: string,
    needs: Needs,
    env: Record<string, string> | (() => Promise<Record<string, string>>) = {}
): () => RunningSystem {
    let system: RunningSystem | undefined;
    let dir: string | undefined;
    let downResult: Promise<CommandResult> | undefined;

    beforeAll(async () => {
        if (needs.missing.length > 0) throw new Error(`Cannot run end to end: ${needs.missing.join('; ')}.`);
        dir = await generateSystem(model);
        const up = await runLocal(dir, ['up'], { env: typeof env === 'function' ? await env() : env, timeoutMs: UP_TIMEOUT_MS });
        const lines = up.stdout.trimEnd().split('\n');
        const url = lines[lines.length - 1] ?? '';
        if (up.code !== 0 || !URL_LINE.test(url)) {
            throw new Error(`run-local.sh up exited ${up.code} after ${up.ms} ms; last line '${url}'.\nstdout:\n${up.stdout}\nstderr:\n${up.stderr}`);
        }
        const here = dir;
        system = {
            dir: here,
            url,
            up,
            state: readRunLocalState(here)!,
            down: () => (downResult ??= runLocal(here, ['down'], { timeoutMs: 120_000 }))
        };
    }, UP_TIMEOUT_MS + 90_000);

    afterAll(async () => {
        if (!dir) return;
        const here = dir;
        try {
            await (downResult ??= runLocal(here, ['down'], { timeoutMs: 120_000 }));
            await runLocal(here, ['clean'], { timeoutMs: 120_000 });
        } finally {
            rmSync(resolve(here, '..'), { recursive: true, force: true });
        }
    }, 300_000);

    return () => {
        if (!system) throw new Error('The system did not start (see the suite\'s beforeAll error).');
        return system;
    };
}

// ------------------------------------------------------------------ HTTP

export interface Reply {
    readonly status: number;
    readonly headers: Headers;
    readonly text: string;
    /** The body as JSON, or undefined. */
    readonly json: unknown;
}

/** One request to the running system; JSON bodies in and out. */
export async function request(
    url: string,
    options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}
): Promise<Reply> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        signal: AbortSignal.timeout(15_000)
    });
    const text = await response.text();
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch {
        json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
}
