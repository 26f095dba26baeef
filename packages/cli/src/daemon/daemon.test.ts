import { chmodSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { tempDir } from '../test-support/index.js';
import { autoStartDaemon, autoStartWanted, controlDaemon, runInDaemon, type ClientIo } from './client.js';
import { assertPrivate, daemonLog, encode, ensureSocketFolder, socketFolder, socketPath, startingLock } from './protocol.js';
import { answers, startDaemon, type RunningDaemon } from './server.js';

/** Output captured as the client writes it. */
function capture(): { text: string; write(text: string): boolean } {
    return {
        text: '',
        write(text: string) {
            this.text += text;
            return true;
        }
    };
}

const running: RunningDaemon[] = [];
afterEach(async () => {
    await Promise.all(running.splice(0).map(d => d.stop()));
});

/** A bundle file, its private socket folder and an environment naming it. */
async function setUp(): Promise<{ bundle: string; env: Record<string, string>; socket: string }> {
    const root = await tempDir();
    const bundle = path.join(root, 'archgen.cjs');
    writeFileSync(bundle, '// a bundle\n');
    const env = { XDG_RUNTIME_DIR: path.join(root, 'run') };
    mkdirSync(env.XDG_RUNTIME_DIR, { mode: 0o700 });
    ensureSocketFolder(env);
    return { bundle, env, socket: socketPath(bundle, env) };
}

function clientIo(argv: string[], env: Record<string, string>, cwd = '/somewhere'): ClientIo & { stdout: ReturnType<typeof capture>; stderr: ReturnType<typeof capture> } {
    return { argv, cwd, env, stdout: capture(), stderr: capture(), stdoutIsTTY: true, stderrIsTTY: false };
}

async function daemon(bundle: string, socket: string, run: (argv: readonly string[], io: CliIo) => Promise<number>, extra: { idleMs?: number; staleCheckMs?: number; onStop?: (reason: string) => void; warmUp?: () => Promise<void> } = {}) {
    const started = await startDaemon({ socket, bundle, run, idleMs: extra.idleMs ?? 60_000, ...extra });
    running.push(started);
    return started;
}

describe('the archgen daemon and its client', () => {
    it('runs a command with the caller\'s arguments, folder, environment and terminals, and forwards its output in order and its exit code', async () => {
        const { bundle, env, socket } = await setUp();
        const seen: { argv: readonly string[]; io: Omit<CliIo, 'stdout' | 'stderr'> }[] = [];
        await daemon(bundle, socket, async (argv, io) => {
            seen.push({ argv, io: { cwd: io.cwd, env: io.env, stdoutIsTTY: io.stdoutIsTTY, stderrIsTTY: io.stderrIsTTY } });
            io.stdout.write('one\n');
            io.stderr.write('warning\n');
            io.stdout.write('two\n');
            return 1;
        });
        const io = clientIo(['check', 'model.arch'], { ...env, NO_COLOR: '1' }, '/work/project');
        expect(await runInDaemon(bundle, io)).toBe(1);
        expect(io.stdout.text).toBe('one\ntwo\n');
        expect(io.stderr.text).toBe('warning\n');
        expect(seen).toEqual([{ argv: ['check', 'model.arch'], io: { cwd: '/work/project', env: { ...env, NO_COLOR: '1' }, stdoutIsTTY: true, stderrIsTTY: false } }]);
    });

    it("runs a command under the caller's umask, and puts its own back", async () => {
        const { bundle, env, socket } = await setUp();
        const own = process.umask();
        const seen: number[] = [];
        await daemon(bundle, socket, async () => {
            seen.push(process.umask());
            return 0;
        });
        expect(await runInDaemon(bundle, { ...clientIo(['init', 'x'], env), umask: 0o077 })).toBe(0);
        expect(await runInDaemon(bundle, clientIo(['init', 'y'], env))).toBe(0);
        expect(seen).toEqual([0o077, own]);
        expect(process.umask()).toBe(own);
    });

    it('leaves to the caller what it does not run: lsp, daemon, no command, ARCHGEN_NO_DAEMON, no daemon at all', async () => {
        const { bundle, env, socket } = await setUp();
        let runs = 0;
        await daemon(bundle, socket, async () => {
            runs++;
            return 0;
        });
        for (const argv of [['lsp', '--stdio'], ['daemon', 'status'], [], ['--version']]) {
            expect(await runInDaemon(bundle, clientIo(argv, env)), argv.join(' ')).toBeUndefined();
        }
        expect(await runInDaemon(bundle, clientIo(['check', 'x.arch'], { ...env, ARCHGEN_NO_DAEMON: '1' }))).toBeUndefined();
        expect(runs).toBe(0);
        const other = await setUp();
        expect(await runInDaemon(other.bundle, clientIo(['check', 'x.arch'], other.env))).toBeUndefined();
    });

    it('runs commands one at a time, in the order they came', async () => {
        const { bundle, env, socket } = await setUp();
        const events: string[] = [];
        await daemon(bundle, socket, async argv => {
            events.push(`start ${argv[1]}`);
            await new Promise(resolve => setTimeout(resolve, 30));
            events.push(`end ${argv[1]}`);
            return 0;
        });
        await Promise.all(['a', 'b', 'c'].map(name => runInDaemon(bundle, clientIo(['generate', name], env))));
        expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    });

    it('finishes a command whose caller went away (Ctrl-C), then serves the next', async () => {
        const { bundle, env, socket } = await setUp();
        const events: string[] = [];
        await daemon(bundle, socket, async (argv, io) => {
            events.push(`start ${argv[1]}`);
            await new Promise(resolve => setTimeout(resolve, 50));
            io.stdout.write('written to nobody\n');
            events.push(`end ${argv[1]}`);
            return 0;
        });
        await new Promise<void>(resolve => {
            const connection = net.createConnection(socket, () => {
                connection.write(encode({ v: 1, argv: ['generate', 'first'], cwd: '/', env: {}, stdoutIsTTY: false, stderrIsTTY: false }));
                setTimeout(() => {
                    connection.destroy();
                    resolve();
                }, 10);
            });
        });
        const io = clientIo(['generate', 'second'], env);
        expect(await runInDaemon(bundle, io)).toBe(0);
        expect(io.stdout.text).toBe('written to nobody\n');
        expect(events).toEqual(['start first', 'end first', 'start second', 'end second']);
    });

    it('listens only once warmed up: meanwhile a command runs in its caller\'s process instead of waiting', async () => {
        const { bundle, env, socket } = await setUp();
        const events: string[] = [];
        let release!: () => void;
        const starting = daemon(bundle, socket, async () => {
            events.push('command');
            return 0;
        }, { warmUp: () => new Promise<void>(resolve => (release = () => { events.push('warmed up'); resolve(); })) });
        await new Promise(resolve => setTimeout(resolve, 30));
        expect(existsSync(socket)).toBe(false);
        expect(await controlDaemon(socket, 'status')).toBeUndefined();
        expect(await runInDaemon(bundle, clientIo(['check', 'x.arch'], env))).toBeUndefined();
        release();
        await starting;
        expect(await runInDaemon(bundle, clientIo(['check', 'x.arch'], env))).toBe(0);
        expect(events).toEqual(['warmed up', 'command']);
        const after = await controlDaemon(socket, 'status');
        expect(after && 'status' in after ? { runs: after.status.runs, pid: after.status.pid } : undefined).toEqual({ runs: 1, pid: process.pid });
    });

    it('gives up after its warm-up when another daemon started listening meanwhile', async () => {
        const { bundle, socket } = await setUp();
        let release!: () => void;
        const second = startDaemon({ socket, bundle, run: async () => 2, idleMs: 60_000, warmUp: () => new Promise<void>(resolve => (release = resolve)) });
        await new Promise(resolve => setTimeout(resolve, 30));
        await daemon(bundle, socket, async () => 1);
        release();
        await expect(second).rejects.toThrow(/already listens/);
        // The first one still serves.
        const status = await controlDaemon(socket, 'status');
        expect(status && 'status' in status && status.status.pid).toBe(process.pid);
    });

    it('refuses to serve a rebuilt bundle: the client runs the command itself and the daemon stops', async () => {
        const { bundle, env, socket } = await setUp();
        const stops: string[] = [];
        let runs = 0;
        await daemon(bundle, socket, async () => {
            runs++;
            return 0;
        }, { onStop: reason => stops.push(reason), staleCheckMs: 60_000 });
        // The socket the client looks for is the rebuilt bundle's: point it at the old daemon to see it refuse.
        writeFileSync(bundle, '// the bundle, rebuilt\n');
        utimesSync(bundle, new Date(), new Date(Date.now() + 5_000));
        expect(socketPath(bundle, env)).not.toBe(socket);
        const refused = await new Promise<string>(resolve => {
            const connection = net.createConnection(socket, () => connection.write(encode({ v: 1, argv: ['check'], cwd: '/', env: {}, stdoutIsTTY: false, stderrIsTTY: false })));
            let text = '';
            connection.on('data', chunk => (text += String(chunk)));
            connection.on('close', () => resolve(text));
        });
        expect(JSON.parse(refused)).toEqual({ stale: true });
        await new Promise(resolve => setTimeout(resolve, 50));
        expect(stops).toEqual(['stale']);
        expect(existsSync(socket)).toBe(false);
        expect(runs).toBe(0);
    });

    it('notices a rebuild by itself and stops', async () => {
        const { bundle, socket } = await setUp();
        const stopped = new Promise<string>(resolve => {
            void daemon(bundle, socket, async () => 0, { onStop: resolve, staleCheckMs: 20 });
        });
        await new Promise(resolve => setTimeout(resolve, 30));
        writeFileSync(bundle, '// rebuilt, longer than before\n');
        expect(await stopped).toBe('stale');
        expect(existsSync(socket)).toBe(false);
    });

    it('stops on request and after the idle time, removing its socket', async () => {
        const first = await setUp();
        const reasons: string[] = [];
        await daemon(first.bundle, first.socket, async () => 0, { onStop: reason => reasons.push(reason) });
        expect(await controlDaemon(first.socket, 'stop')).toEqual({ stopping: true });
        await new Promise(resolve => setTimeout(resolve, 50));
        expect(existsSync(first.socket)).toBe(false);
        expect(await controlDaemon(first.socket, 'status')).toBeUndefined();

        const second = await setUp();
        const idle = new Promise<string>(resolve => {
            void daemon(second.bundle, second.socket, async () => 0, { idleMs: 80, onStop: resolve });
        });
        expect(await idle).toBe('idle');
        expect(existsSync(second.socket)).toBe(false);
        expect(reasons).toEqual(['stop']);
    });

    it('takes over the socket file of a daemon that was killed, and refuses to start beside a live one', async () => {
        const { bundle, env, socket } = await setUp();
        writeFileSync(socket, '');
        expect(await answers(socket)).toBe(false);
        // A client finding the dead socket runs the command itself.
        expect(await runInDaemon(bundle, clientIo(['check', 'x.arch'], env))).toBeUndefined();
        await daemon(bundle, socket, async () => 3);
        expect(await runInDaemon(bundle, clientIo(['check', 'x.arch'], env))).toBe(3);
        await expect(startDaemon({ socket, bundle, run: async () => 0, idleMs: 1000 })).rejects.toThrow(/already listens/);
    });

    it('gives exit code 2 and says so when the daemon goes away after writing part of the output (never runs the command twice)', async () => {
        const { bundle, env, socket } = await setUp();
        const server = net.createServer(connection => {
            connection.once('data', () => {
                connection.write(encode({ out: 'partial\n' }));
                setTimeout(() => connection.destroy(), 10);
            });
        });
        await new Promise<void>(resolve => server.listen(socket, resolve));
        try {
            const io = clientIo(['generate', 'm.arch'], env);
            expect(await runInDaemon(bundle, io)).toBe(2);
            expect(io.stdout.text).toBe('partial\n');
            expect(io.stderr.text).toMatch(/^archgen: the archgen daemon stopped before the command finished/);
        } finally {
            server.close();
        }
    });

    it('answers a request it cannot read with a refusal, and a client of another protocol version too', async () => {
        const { bundle, socket } = await setUp();
        await daemon(bundle, socket, async () => 0);
        const ask = (line: string) => new Promise<string>(resolve => {
            const connection = net.createConnection(socket, () => connection.write(line));
            let text = '';
            connection.on('data', chunk => (text += String(chunk)));
            connection.on('close', () => resolve(text));
        });
        expect(JSON.parse(await ask('not json\n'))).toEqual({ refused: 'not a request: not json' });
        expect(JSON.parse(await ask('{"v":2,"control":"status"}\n'))).toEqual({ refused: 'protocol 2, this daemon speaks 1' });
    });
});

describe('the daemon\'s socket folder', () => {
    it('is $XDG_RUNTIME_DIR/archgen, else a folder of this user in the temp folder', () => {
        expect(socketFolder({ XDG_RUNTIME_DIR: '/run/user/1000' })).toBe('/run/user/1000/archgen');
        expect(socketFolder({ XDG_RUNTIME_DIR: 'relative' })).toMatch(/archgen-\d+$/);
        expect(socketFolder({})).toMatch(/archgen-\d+$/);
    });

    it('is made private, and refused when others may write in it', async () => {
        const root = await tempDir();
        const env = { XDG_RUNTIME_DIR: root };
        const folder = ensureSocketFolder(env);
        expect(folder).toBe(path.join(root, 'archgen'));
        chmodSync(folder, 0o777);
        expect(() => assertPrivate(folder)).toThrow(/writable by other users/);
        expect(() => ensureSocketFolder(env)).toThrow(/writable by other users/);
        writeFileSync(path.join(root, 'file'), '');
        expect(() => assertPrivate(path.join(root, 'file'))).toThrow(/not a folder/);
    });
});

describe('starting a daemon after a command that ran in its own process', () => {
    it('is wanted after a command the daemon runs, unless on Windows, with ARCHGEN_NO_DAEMON or on CI', () => {
        const wanted = (argv: string[], env: Record<string, string> = {}, platform: NodeJS.Platform = 'linux') => autoStartWanted({ argv, env }, platform);
        for (const command of ['check', 'generate', 'diagram', 'explain', 'fmt', 'init']) expect(wanted([command, 'x']), command).toBe(true);
        for (const argv of [[], ['lsp'], ['daemon', 'stop'], ['--version'], ['help']]) expect(wanted(argv), argv.join(' ')).toBe(false);
        expect(wanted(['generate', 'x'], {}, 'win32')).toBe(false);
        expect(wanted(['generate', 'x'], { ARCHGEN_NO_DAEMON: '1' })).toBe(false);
        expect(wanted(['generate', 'x'], { ARCHGEN_NO_DAEMON: '' })).toBe(true);
        for (const ci of ['true', '1', 'yes', 'TRUE']) expect(wanted(['generate', 'x'], { CI: ci }), ci).toBe(false);
        for (const ci of ['', '0', 'false', 'False']) expect(wanted(['generate', 'x'], { CI: ci }), ci).toBe(true);
    });

    it('does nothing when not wanted, and leaves no lock or log', async () => {
        const { bundle, env, socket } = await setUp();
        const io = { ...clientIo(['generate', 'x.arch'], { ...env, CI: 'true' }), stderrIsTTY: true };
        expect(autoStartDaemon(bundle, io)).toBe('off');
        expect(existsSync(startingLock(socket))).toBe(false);
        expect(existsSync(daemonLog(socket))).toBe(false);
        expect(io.stderr.text).toBe('');
    });

    it('starts none while another call is starting one, and takes over a lock left by a start that died', async () => {
        const { bundle, env, socket } = await setUp();
        const lock = startingLock(socket);
        writeFileSync(lock, '');
        expect(autoStartDaemon(bundle, clientIo(['check', 'x.arch'], env))).toBe('starting');
        expect(existsSync(daemonLog(socket))).toBe(false);
        // Two minutes old: the start that made it is gone. This bundle has no launcher beside it, so the start fails, and lets go of the lock.
        const old = (Date.now() - 121_000) / 1000;
        utimesSync(lock, old, old);
        expect(autoStartDaemon(bundle, clientIo(['check', 'x.arch'], env))).toBe('failed');
        expect(existsSync(lock)).toBe(false);
    });

    it('starts `archgen daemon run` of the launcher beside the bundle, detached, and says so once on a terminal', async () => {
        const root = await tempDir();
        mkdirSync(path.join(root, 'dist'));
        mkdirSync(path.join(root, 'bin'));
        const bundle = path.join(root, 'dist', 'archgen.cjs');
        writeFileSync(bundle, '// a bundle\n');
        // A launcher that records how it was started, then exits.
        const seen = path.join(root, 'seen.json');
        writeFileSync(path.join(root, 'bin', 'archgen.js'), `require('node:fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), noDaemon: process.env.ARCHGEN_NO_DAEMON }));\n`);
        writeFileSync(path.join(root, 'bin', 'package.json'), '{ "type": "commonjs" }\n');
        const env = { XDG_RUNTIME_DIR: path.join(root, 'run') };
        mkdirSync(env.XDG_RUNTIME_DIR, { mode: 0o700 });
        const socket = socketPath(bundle, env);
        const io = { ...clientIo(['generate', 'x.arch'], env), stderrIsTTY: true };
        expect(autoStartDaemon(bundle, io)).toBe('started');
        expect(io.stderr.text).toBe(
            'archgen: started a daemon that runs the next commands at once; it stops after 15 minutes without one.\n' +
                "archgen: 'archgen daemon stop' stops it now; ARCHGEN_NO_DAEMON=1 runs every command in its own process.\n"
        );
        // The lock stays until a daemon listens (this one never does); its log is beside the socket.
        expect(existsSync(startingLock(socket))).toBe(true);
        expect(existsSync(daemonLog(socket))).toBe(true);
        const deadline = Date.now() + 10_000;
        while (!existsSync(seen) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20));
        await new Promise(resolve => setTimeout(resolve, 50));
        expect(JSON.parse(readFileSync(seen, 'utf8'))).toEqual({ argv: ['daemon', 'run', '--idle-minutes', '15'], cwd: path.join(root, 'dist'), noDaemon: '1' });
        // Not on a terminal: nothing said. Another call meanwhile finds the lock.
        const quiet = clientIo(['check', 'x.arch'], env);
        expect(autoStartDaemon(bundle, quiet)).toBe('starting');
        expect(quiet.stderr.text).toBe('');
    });

    it('never fails the command: a socket folder others may write in means no daemon, silently', async () => {
        const { bundle, env } = await setUp();
        chmodSync(path.join(env.XDG_RUNTIME_DIR, 'archgen'), 0o777);
        const io = { ...clientIo(['check', 'x.arch'], env), stderrIsTTY: true };
        expect(autoStartDaemon(bundle, io)).toBe('failed');
        expect(io.stderr.text).toBe('');
    });
});
