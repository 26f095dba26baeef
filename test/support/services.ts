/**
 * The generated services, run natively for tests: write a generated tree,
 * install its npm workspace once, build it with its own `tsc`, start a service
 * with `node services/<name>/dist/main.js` and exactly the environment of the
 * contract (`environmentFor` with a native AddressBook), stop it by PID.
 * Everything listens on 127.0.0.1.
 *
 *   const book = nativeAddressBook({ model, postgresPort, ports });
 *   const users = await startNativeService(outDir, model, findComponent(model, 'users')!, book);
 *   await users.ready();
 *   ...
 *   await users.stop();  // SIGTERM, resolves with the exit code
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { type ArchitectureModel, type Component, isDatabase, isService } from '@archgen/model';
import { type AddressBook, type GeneratedFile, environmentFor } from '@archgen/generator';
import type { Availability } from './postgres.js';
import { freePort } from './net.js';

export { freePort };

export const HOST = '127.0.0.1';


/** Whether `npm install` can reach the registry (the generated workspace installs fastify, pg, typescript). */
export function npmAvailability(): Availability {
    const ping = spawnSync('npm', ['ping'], { stdio: 'pipe', encoding: 'utf8', timeout: 20_000 });
    if (ping.error || ping.status !== 0) {
        const why = ping.error?.message ?? (ping.stderr || ping.stdout).trim().split('\n').pop() ?? `exit ${ping.status}`;
        return { available: false, reason: `The npm registry is unreachable ('npm ping': ${why}).` };
    }
    return { available: true };
}

/** Writes generated files below `dir`, as the CLI would (no .env: tests pass the environment themselves). */
export function writeGenerated(dir: string, files: readonly GeneratedFile[]): void {
    for (const file of files) {
        const path = join(dir, ...file.path.split('/'));
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, file.content);
        if (file.executable) chmodSync(path, 0o755);
    }
}

function run(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
        execFile(command, [...args], { cwd, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } },
            (error, stdout, stderr) => {
                if (error) reject(new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${error.message}\n${stdout}\n${stderr}`));
                else resolve();
            });
    });
}

/** `npm install` in a generated workspace. */
export function installWorkspace(dir: string, timeoutMs = 180_000): Promise<void> {
    return run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], dir, timeoutMs);
}

/**
 * Lets a second generated workspace use the install of the first: links every
 * installed package of `from` into `to/node_modules`, and `to`'s own workspace
 * packages (runtime, services) as npm would.
 */
export function shareInstall(from: string, to: string): void {
    const modules = join(to, 'node_modules');
    mkdirSync(modules, { recursive: true });
    const own = workspacePackages(to);
    const ownScopes = new Set([...own.keys()].map(name => name.split('/')[0]!));
    const fromScopes = new Set([...workspacePackages(from).keys()].map(name => name.split('/')[0]!));
    for (const entry of readdirSync(join(from, 'node_modules'))) {
        if (entry.startsWith('.') || fromScopes.has(entry) || ownScopes.has(entry)) continue;
        symlinkSync(join(from, 'node_modules', entry), join(modules, entry));
    }
    for (const [name, folder] of own) {
        const link = join(modules, ...name.split('/'));
        mkdirSync(dirname(link), { recursive: true });
        symlinkSync(relative(dirname(link), join(to, folder)), link);
    }
}

/** Package name -> folder, for the runtime and every service of a generated workspace. */
function workspacePackages(dir: string): Map<string, string> {
    const packages = new Map<string, string>();
    for (const folder of ['runtime', ...readdirSync(join(dir, 'services')).map(s => `services/${s}`)]) {
        const manifest = JSON.parse(readFileSync(join(dir, folder, 'package.json'), 'utf8')) as { name: string };
        packages.set(manifest.name, folder);
    }
    return packages;
}

/** `tsc -b` of a generated workspace, with the TypeScript its install brought (`toolsFrom`, default itself). */
export function buildWorkspace(dir: string, toolsFrom: string = dir, timeoutMs = 120_000): Promise<void> {
    return run(process.execPath, [join(toolsFrom, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], dir, timeoutMs);
}

export interface NativeOptions {
    readonly model: ArchitectureModel;
    /** Where every database of the model is served (one PostgreSQL for all). */
    readonly postgresPort: number;
    /** The port of each service and nginx component, by service name. */
    readonly ports: ReadonlyMap<string, number>;
    /** Databases to point at this port instead (nothing listening: an unreachable database). */
    readonly databasePorts?: ReadonlyMap<string, number>;
    readonly jwtSecret?: string;
}

/** Free ports for every component that listens (services and nginx components). */
export async function componentPorts(model: ArchitectureModel): Promise<Map<string, number>> {
    const ports = new Map<string, number>();
    for (const c of model.components.filter(c => !isDatabase(c))) ports.set(c.serviceName, await freePort());
    return ports;
}

/** Every component on 127.0.0.1; databases on the test's PostgreSQL as its superuser (trust authentication). */
export function nativeAddressBook(options: NativeOptions): AddressBook {
    const databases = new Set(options.model.components.filter(isDatabase).map(d => d.serviceName));
    const jwtSecret = options.jwtSecret ?? randomBytes(32).toString('hex');
    return {
        host: () => HOST,
        port: (serviceName, containerPort) => {
            if (databases.has(serviceName)) return options.databasePorts?.get(serviceName) ?? options.postgresPort;
            const port = options.ports.get(serviceName);
            if (port === undefined) throw new Error(`No port for '${serviceName}' (container port ${containerPort}).`);
            return port;
        },
        secret: name => (name === 'JWT_SECRET' ? jwtSecret : /_USER$/.test(name) ? 'postgres' : 'unused-with-trust-authentication'),
        setting: (_name, defaultValue) => defaultValue,
        listenHost: () => HOST
    };
}

export interface NativeService {
    readonly name: string;
    readonly port: number;
    readonly url: string;
    /** The environment it was started with (the contract's variables only, plus PATH). */
    readonly env: Readonly<Record<string, string>>;
    /** Its stdout lines so far (one JSON object each) and stderr. */
    readonly stdout: string[];
    readonly stderr: string[];
    readonly process: ChildProcess;
    /** Resolves with the exit code once the process is gone. */
    readonly exited: Promise<number | null>;
    /** Polls `GET /ready` until 200. */
    ready(timeoutMs?: number): Promise<void>;
    /** Sends `signal` (SIGTERM by default) and resolves with the exit code; SIGKILL after `timeoutMs`. */
    stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

export async function startNativeService(
    dir: string, model: ArchitectureModel, component: Component, book: AddressBook, extra: Readonly<Record<string, string>> = {}
): Promise<NativeService> {
    if (!isService(component)) throw new Error(`'${component.name}' is not a generated service.`);
    const main = join(dir, 'services', component.serviceName, 'dist', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: build the workspace first.`);
    const env: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
    for (const v of environmentFor(model, component, book)) env[v.name] = v.value;
    Object.assign(env, extra);
    const port = Number(env['PORT']);
    const child = spawn(process.execPath, [main], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: string[] = [];
    const stderr: string[] = [];
    collectLines(child.stdout!, stdout);
    collectLines(child.stderr!, stderr);
    const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
    const url = `http://${HOST}:${port}`;
    let gone = false;
    void exited.then(() => { gone = true; });
    return {
        name: component.name,
        port,
        url,
        env,
        stdout,
        stderr,
        process: child,
        exited,
        async ready(timeoutMs = 20_000): Promise<void> {
            const deadline = Date.now() + timeoutMs;
            let last = 'no answer';
            while (Date.now() < deadline) {
                if (gone) throw new Error(`'${component.name}' exited before it was ready:\n${[...stdout, ...stderr].join('\n')}`);
                try {
                    const response = await fetch(`${url}/ready`);
                    if (response.ok) return;
                    last = `${response.status} ${await response.text()}`;
                } catch (error) {
                    last = error instanceof Error ? error.message : String(error);
                }
                await new Promise(r => setTimeout(r, 100));
            }
            throw new Error(`'${component.name}' was not ready within ${timeoutMs} ms (${last}):\n${[...stdout, ...stderr].join('\n')}`);
        },
        async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<number | null> {
            if (gone || child.pid === undefined) return exited;
            child.kill(signal);
            const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
            try {
                return await exited;
            } finally {
                clearTimeout(timer);
            }
        }
    };
}

function collectLines(stream: NodeJS.ReadableStream, into: string[]): void {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        into.push(...lines);
    });
    stream.on('end', () => {
        if (rest) into.push(rest);
    });
}
