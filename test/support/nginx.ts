/**
 * Real nginx for tests: render a generated `default.conf.template` with a
 * component's environment (the rules of views/nginx/native.ts), wrap it in a
 * main configuration in a temporary folder, check it (`nginx -t`) or run it in
 * the foreground and stop it by PID. Everything listens on 127.0.0.1.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EnvVar, nativeMainConf, renderNginxTemplate } from '@archgen/generator';
import type { Availability } from './postgres.js';
import { freePort } from './net.js';

export { freePort };

export const NGINX_BIN = process.env['ARCHGEN_NGINX'] ?? findNginx();
export const HOST = '127.0.0.1';

function findNginx(): string {
    for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) {
        if (existsSync(candidate)) return candidate;
    }
    return 'nginx';
}

export function nginxAvailability(): Availability {
    const result = spawnSync(NGINX_BIN, ['-v'], { stdio: 'pipe' });
    if (result.error || result.status !== 0) {
        return { available: false, reason: `nginx not installed: '${NGINX_BIN} -v' failed (apt-get install nginx, or set ARCHGEN_NGINX).` };
    }
    const modules = spawnSync(NGINX_BIN, ['-V'], { stdio: 'pipe', encoding: 'utf8' });
    if (!`${modules.stdout}${modules.stderr}`.includes('http_auth_request_module')) {
        return { available: false, reason: `${NGINX_BIN} lacks the auth_request module the gateways use.` };
    }
    return { available: true };
}


/** A folder holding one nginx: the rendered conf.d file and its main configuration. */
export interface NginxFolder {
    readonly folder: string;
    readonly conf: string;
    /** The rendered conf.d file. */
    readonly rendered: string;
}

/** Renders a template with an environment into a fresh folder (readable by nginx's workers when we are root). */
export function prepareNginx(template: string, env: readonly EnvVar[], label = 'nginx'): NginxFolder {
    const folder = mkdtempSync(join(tmpdir(), `archgen-${label}-`));
    chmodSync(folder, 0o755);
    const rendered = renderNginxTemplate(template, env);
    writeFileSync(join(folder, 'default.conf'), rendered);
    const conf = join(folder, 'nginx.conf');
    writeFileSync(conf, nativeMainConf({ folder, include: join(folder, 'default.conf') }));
    return { folder, conf, rendered };
}

/** `nginx -t`; returns nginx's complaint, or undefined when the configuration is fine. */
export function checkNginx(folder: NginxFolder, wrap: readonly string[] = []): string | undefined {
    const argv = [NGINX_BIN, '-p', folder.folder, '-c', folder.conf, '-t'];
    const [command, ...args] = [...wrap, ...argv];
    const result = spawnSync(command!, args, { stdio: 'pipe', encoding: 'utf8' });
    return result.status === 0 ? undefined : `${result.stderr}${result.stdout}`.trim() || String(result.error);
}

/**
 * Runs `nginx -t` with some host names resolving to 127.0.0.1, as the compose
 * network would resolve them: in a private mount namespace whose /etc/hosts is
 * a temporary file. Undefined when the machine does not allow it.
 */
export function hostsWrapper(names: readonly string[]): { wrap: string[]; cleanup: () => void } | undefined {
    const dir = mkdtempSync(join(tmpdir(), 'archgen-hosts-'));
    const hosts = join(dir, 'hosts');
    writeFileSync(hosts, `127.0.0.1 localhost\n${names.map(n => `127.0.0.1 ${n}`).join('\n')}\n`);
    const wrap = ['unshare', '--mount', 'sh', '-c', `mount --bind ${hosts} /etc/hosts && exec "$@"`, 'sh'];
    const probe = spawnSync(wrap[0]!, [...wrap.slice(1), 'getent', 'hosts', names[0] ?? 'localhost'], { stdio: 'pipe' });
    if (probe.status !== 0) {
        rmSync(dir, { recursive: true, force: true });
        return undefined;
    }
    return { wrap, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunningNginx {
    readonly pid: number;
    readonly folder: string;
    /** The error log so far, for failure messages. */
    errors(): string;
    /** SIGTERM to the master, wait for its exit, delete the folder. Safe to call twice. */
    stop(): Promise<void>;
}

/** Starts nginx in the foreground on a prepared folder and waits until `GET /health` on `port` answers. */
export async function startNginx(folder: NginxFolder, port: number): Promise<RunningNginx> {
    const problem = checkNginx(folder);
    if (problem) throw new Error(`nginx -t failed:\n${problem}\n--- ${folder.conf}\n${folder.rendered}`);
    const child: ChildProcess = spawn(NGINX_BIN, ['-p', folder.folder, '-c', folder.conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', chunk => (stderr += String(chunk)));
    const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
    const errors = () => {
        const log = join(folder.folder, 'error.log');
        return `${stderr}${existsSync(log) ? readFileSync(log, 'utf8') : ''}`;
    };
    let stopped = false;
    const stop = async () => {
        if (stopped) return;
        stopped = true;
        if (child.exitCode === null && child.pid !== undefined) {
            process.kill(child.pid, 'SIGTERM');
            await Promise.race([exited, sleep(5000)]);
            if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
        }
        rmSync(folder.folder, { recursive: true, force: true });
    };
    const deadline = Date.now() + 10_000;
    for (;;) {
        if (child.exitCode !== null) throw new Error(`nginx exited at start:\n${errors()}`);
        try {
            const response = await fetch(`http://${HOST}:${port}/health`);
            if (response.ok) break;
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) {
            await stop();
            throw new Error(`nginx did not answer /health on ${port}:\n${errors()}`);
        }
        await sleep(50);
    }
    return { pid: child.pid!, folder: folder.folder, errors, stop };
}

export function sleep(ms: number): Promise<void> {
    return new Promise(resolve => setTimeout(resolve, ms));
}
