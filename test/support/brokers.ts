/**
 * Throwaway message brokers for tests, started natively on 127.0.0.1 on free
 * ports in temporary folders and stopped by PID:
 *
 *   const rabbit = await startRabbitmq();   // RabbitMQ with a user of its own
 *   await rabbit.ctl('stop_app');           // rabbitmqctl against this node
 *   await rabbit.stop();
 *
 *   const mosquitto = await startMosquitto();
 *   await mosquitto.stop();
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Availability } from './postgres.js';
import { HOST, freePort } from './services.js';

export const RABBITMQ_BIN = process.env['ARCHGEN_RABBITMQ_BIN'] ?? '/usr/lib/rabbitmq/bin';
export const MOSQUITTO = process.env['ARCHGEN_MOSQUITTO'] ?? '/usr/sbin/mosquitto';
const EPMD = ['/usr/bin/epmd', '/usr/lib/erlang/bin/epmd'].find(existsSync) ?? 'epmd';

export function rabbitmqAvailability(): Availability {
    for (const tool of ['rabbitmq-server', 'rabbitmqctl']) {
        if (!existsSync(join(RABBITMQ_BIN, tool))) {
            return { available: false, reason: `RabbitMQ not installed: ${join(RABBITMQ_BIN, tool)} is missing (apt install rabbitmq-server, or set ARCHGEN_RABBITMQ_BIN).` };
        }
    }
    return { available: true };
}

export function mosquittoAvailability(): Availability {
    return existsSync(MOSQUITTO)
        ? { available: true }
        : { available: false, reason: `Mosquitto not installed: ${MOSQUITTO} is missing (apt install mosquitto, or set ARCHGEN_MOSQUITTO).` };
}

function sleep(ms: number): Promise<void> {
    return new Promise(resolve => setTimeout(resolve, ms));
}

function runTool(command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile(command, [...args], { env, timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
            if (error) reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${stdout}\n${stderr}`));
            else resolve(stdout);
        });
    });
}

/** Resolves once something accepts TCP connections on the port. */
async function waitForPort(port: number, timeoutMs: number, alive: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (!alive()) throw new Error(`${what} exited before it listened on ${port}.`);
        const open = await new Promise<boolean>(resolve => {
            const socket = connect({ host: HOST, port }, () => {
                socket.destroy();
                resolve(true);
            });
            socket.once('error', () => resolve(false));
        });
        if (open) return;
        await sleep(100);
    }
    throw new Error(`${what} did not listen on ${port} within ${timeoutMs} ms.`);
}

function exitedPromise(child: ChildProcess): Promise<void> {
    return new Promise(resolve => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once('exit', () => resolve());
    });
}

async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
    const exited = exitedPromise(child);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
}

function killPid(pid: number, signal: NodeJS.Signals): void {
    try {
        process.kill(pid, signal);
    } catch {
        // Already gone.
    }
}

// ---------------------------------------------------------------- RabbitMQ

export interface RabbitServer {
    readonly host: string;
    readonly port: number;
    readonly user: string;
    readonly password: string;
    readonly node: string;
    /** `rabbitmqctl -n <node> <args>`. */
    ctl(...args: string[]): Promise<string>;
    /** Stops the node (rabbitmqctl stop, then the beam and epmd by PID) and deletes its folder. Safe to call twice. */
    stop(): Promise<void>;
}

export async function startRabbitmq(timeoutMs = 90_000): Promise<RabbitServer> {
    const availability = rabbitmqAvailability();
    if (!availability.available) throw new Error(availability.reason);
    const dir = mkdtempSync(join(tmpdir(), 'archgen-rabbitmq-'));
    for (const sub of ['mnesia', 'log']) mkdirSync(join(dir, sub));
    const ports = new Set<number>();
    while (ports.size < 3) ports.add(await freePort());
    const [port, distPort, epmdPort] = [...ports] as [number, number, number];
    const node = `archgen-test-${process.pid}-${port}@localhost`;
    writeFileSync(join(dir, 'rabbitmq.conf'), [
        `listeners.tcp.default = ${HOST}:${port}`,
        'log.console = false',
        'log.file.level = info',
        // A slow test machine must not trip the disk alarm.
        'disk_free_limit.absolute = 1MB',
        ''
    ].join('\n'));
    writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
    const env: NodeJS.ProcessEnv = {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        LANG: 'C.UTF-8',
        HOME: dir,
        RABBITMQ_NODE_PORT: String(port),
        RABBITMQ_NODE_IP_ADDRESS: HOST,
        RABBITMQ_NODENAME: node,
        RABBITMQ_DIST_PORT: String(distPort),
        ERL_EPMD_PORT: String(epmdPort),
        RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
        RABBITMQ_LOG_BASE: join(dir, 'log'),
        RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
        RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
        RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
        RABBITMQ_PID_FILE: join(dir, 'rabbitmq.pid')
    };
    const out = openSync(join(dir, 'server.out'), 'a');
    const child = spawn(join(RABBITMQ_BIN, 'rabbitmq-server'), [], { env, stdio: ['ignore', out, out] });
    closeSync(out);
    const ctl = (...args: string[]): Promise<string> => runTool(join(RABBITMQ_BIN, 'rabbitmqctl'), ['-n', node, ...args], env, 60_000);

    let stopped = false;
    const beamPid = (): number | null => {
        try {
            const pid = Number(readFileSync(join(dir, 'rabbitmq.pid'), 'utf8').trim());
            return Number.isInteger(pid) && pid > 0 ? pid : null;
        } catch {
            return null;
        }
    };
    const killAll = (): void => {
        const beam = beamPid();
        if (beam !== null) killPid(beam, 'SIGKILL');
        if (child.pid !== undefined) killPid(child.pid, 'SIGKILL');
        try {
            execFileSync(EPMD, ['-kill'], { env, stdio: 'ignore', timeout: 5_000 });
        } catch {
            // No epmd.
        }
    };
    const onExit = (): void => {
        if (stopped) return;
        killAll();
        rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', onExit);

    const stop = async (): Promise<void> => {
        if (stopped) return;
        stopped = true;
        process.removeListener('exit', onExit);
        const beam = beamPid();
        await ctl('stop').catch(() => undefined);
        if (beam !== null) killPid(beam, 'SIGKILL');
        await stopChild(child, 5_000);
        await runTool(EPMD, ['-kill'], env, 5_000).catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
    };

    try {
        const deadline = Date.now() + timeoutMs;
        let last = '';
        for (;;) {
            if (child.exitCode !== null) throw new Error(`rabbitmq-server exited with ${child.exitCode}`);
            try {
                await runTool(join(RABBITMQ_BIN, 'rabbitmqctl'), ['-n', node, 'await_startup', '--timeout', '30'], env, 40_000);
                break;
            } catch (error) {
                last = error instanceof Error ? error.message : String(error);
            }
            if (Date.now() > deadline) throw new Error(`RabbitMQ did not start within ${timeoutMs} ms: ${last}`);
            await sleep(500);
        }
        const user = 'archgen';
        const password = `test-${port}-${Math.random().toString(36).slice(2)}`;
        await ctl('add_user', user, password);
        await ctl('set_permissions', '-p', '/', user, '.*', '.*', '.*');
        return { host: HOST, port, user, password, node, ctl, stop };
    } catch (error) {
        const tail = existsSync(join(dir, 'server.out')) ? readFileSync(join(dir, 'server.out'), 'utf8').split('\n').slice(-20).join('\n') : '';
        await stop();
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n${tail}`);
    }
}

// ---------------------------------------------------------------- Mosquitto

export interface MosquittoServer {
    readonly host: string;
    readonly port: number;
    /** Stops it by PID and deletes its folder. Safe to call twice. */
    stop(): Promise<void>;
}

export async function startMosquitto(): Promise<MosquittoServer> {
    const availability = mosquittoAvailability();
    if (!availability.available) throw new Error(availability.reason);
    const dir = mkdtempSync(join(tmpdir(), 'archgen-mosquitto-'));
    const port = await freePort();
    const config = join(dir, 'mosquitto.conf');
    writeFileSync(config, [
        `listener ${port} ${HOST}`,
        'allow_anonymous true',
        'persistence true',
        `persistence_location ${dir}/`,
        `log_dest file ${join(dir, 'mosquitto.log')}`,
        // As root, Mosquitto would switch to its own user, which cannot write here.
        `user ${userInfo().username}`,
        ''
    ].join('\n'));
    const child = spawn(MOSQUITTO, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', chunk => { stderr += String(chunk); });
    let stopped = false;
    const onExit = (): void => {
        if (child.pid !== undefined) killPid(child.pid, 'SIGKILL');
        rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', onExit);
    const stop = async (): Promise<void> => {
        if (stopped) return;
        stopped = true;
        process.removeListener('exit', onExit);
        await stopChild(child, 5_000);
        rmSync(dir, { recursive: true, force: true });
    };
    try {
        await waitForPort(port, 15_000, () => child.exitCode === null, 'mosquitto');
    } catch (error) {
        await stop();
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderr}`);
    }
    return { host: HOST, port, stop };
}
