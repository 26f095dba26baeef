/**
 * The generated runner, without starting servers: it parses, its pure parts
 * (placeholders, nginx rendering, .env) behave, and the commands that need no
 * server answer sensibly. The end-to-end tests (test/e2e) start real ones.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generate.js';
import { ecommerceModel, variantsModel } from '../../test-support/fixtures.js';

interface Runner {
    PLAN: { units: { id: string; kind: string; replicas: number; ports: (number | string)[]; main?: string; env?: { name: string; value: string }[] }[] };
    selectUnits(names: string[]): { unit: { id: string }; replicas: number[] }[];
    renderTemplate(text: string, env: Record<string, string>): string;
    resolveValue(value: string, context: object): string;
    componentEnv(unit: object, replica: number, context: object): Record<string, string>;
    parseEnvFile(text: string): Map<string, string>;
    nginxMainConf(options: object): string;
}

const dirs: string[] = [];
function writeOut(model = ecommerceModel): string {
    const dir = mkdtempSync(join(tmpdir(), 'archgen-runlocal-unit-'));
    dirs.push(dir);
    for (const file of generate(model, { target: 'compose' }).files.filter(f => f.path.startsWith('run-local.'))) {
        writeFileSync(join(dir, file.path), file.content, { mode: file.executable ? 0o755 : 0o644 });
    }
    return dir;
}
const run = (dir: string, ...args: string[]) => spawnSync('node', [join(dir, 'run-local.mjs'), ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'] } });

afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('run-local.mjs', () => {
    let dir: string;
    let runner: Runner;
    beforeAll(async () => {
        dir = writeOut();
        runner = (await import(pathToFileURL(join(dir, 'run-local.mjs')).href)) as Runner;
    });

    it('is valid JavaScript and run-local.sh is an executable POSIX script', () => {
        execFileSync('node', ['--check', join(dir, 'run-local.mjs')]);
        execFileSync('sh', ['-n', join(dir, 'run-local.sh')]);
        expect(statSync(join(dir, 'run-local.sh')).mode & 0o111).not.toBe(0);
    });

    it('renders nginx templates like envsubst with the component\'s names only', () => {
        const text = 'listen ${LISTEN_HOST}:${PORT}; $PORT $PORTS ${OTHER} $uri $host ${uri} $$';
        expect(runner.renderTemplate(text, { LISTEN_HOST: '127.0.0.1', PORT: '8081' }))
            .toBe('listen 127.0.0.1:8081; 8081 $PORTS ${OTHER} $uri $host ${uri} $$');
    });

    it('resolves placeholders per replica: its own port, a target\'s first or given replica, secrets, settings', () => {
        const config = {
            secrets: new Map([['JWT_SECRET', 's3cret']]),
            settings: new Map([['PAYMENTS_REQUESTED_DELAY_MS', '1000']]),
            overrides: new Map<string, string>()
        };
        const ports = { 'products:3000#0': 4100, 'products:3000#1': 4101, 'postgres:5432#0': 4200 };
        const context = { unit: 'products', replica: 1, ports, config, dir: '/srv/shop' };
        expect(runner.resolveValue('@{host}:@{port:products:3000}', context)).toBe('127.0.0.1:4101');
        expect(runner.resolveValue('@{port:products:3000#0} @{port:postgres:5432}', context)).toBe('4100 4200');
        expect(runner.resolveValue('@{secret:JWT_SECRET} @{setting:PAYMENTS_REQUESTED_DELAY_MS} @{dir}/x @{instance}', context))
            .toBe('s3cret 1000 /srv/shop/x products-2');
        expect(runner.resolveValue('@{port:products:3000}', { ...context, ports: null })).toBe('<products:3000#1>');
    });

    it('applies overrides of fixed values, never of addresses', () => {
        const users = runner.PLAN.units.find(u => u.id === 'users')!;
        const ports = Object.fromEntries(['users:3000#0', 'postgres:5432#0'].map((k, i) => [k, 5000 + i]));
        const config = {
            secrets: new Map([['USERS_DB_USER', 'u'], ['USERS_DB_PASSWORD', 'p'], ['JWT_SECRET', 'j']]),
            settings: new Map<string, string>(),
            overrides: new Map([['JWT_TTL_SECONDS', '60']])
        };
        expect(runner.componentEnv(users, 0, { ports, config, dir: '/x' })).toMatchObject({
            PORT: '5000', USERS_DB_PORT: '5001', USERS_DB_USER: 'u', JWT_SECRET: 'j', JWT_TTL_SECONDS: '60', INSTANCE_ID: 'users-1'
        });
    });

    it('reads .env as compose does', () => {
        const values = runner.parseEnvFile('# comment\nA=1\nexport B="two words"\nC=\'x#y\'\nD=plain # note\nnot a line\n');
        expect([...values]).toEqual([['A', '1'], ['B', 'two words'], ['C', 'x#y'], ['D', 'plain']]);
    });

    it('wraps the conf.d files in a main configuration of its own', () => {
        const conf = runner.nginxMainConf({ prefix: '/p', mime: '/etc/nginx/mime.types', accessLog: '/l/a.log' });
        expect(conf).toContain('daemon off;');
        expect(conf).toContain('pid "/p/nginx.pid";');
        expect(conf).toContain('include "/etc/nginx/mime.types";');
        expect(conf).toContain('include "/p/conf.d/*.conf";');
        expect(conf).toContain('proxy_temp_path "/p/temp/proxy";');
        expect(conf).not.toMatch(/^user /m);
    });

    it('names a component, its service name, a server, or one replica (#n), in start order', () => {
        const picked = (...names: string[]) => runner.selectUnits(names).map(s => [s.unit.id, s.replicas]);
        expect(picked('products')).toEqual([['products', [0, 1]]]);
        expect(picked('products#2', 'postgres')).toEqual([['postgres', [0]], ['products', [1]]]);
        expect(picked('products #1', 'products#2')).toEqual([['products', [0, 1]]]);
        expect(() => runner.selectUnits(['products#3'])).toThrow("'products' has 2 replicas: there is no #3.");
        expect(() => runner.selectUnits(['nothing'])).toThrow(/^There is no component or server 'nothing' here: postgres, /);
        expect(() => runner.selectUnits([])).toThrow(/^Name what to act on: /);
    });

    it('answers status, down and env without a running system', () => {
        expect(run(dir, 'status')).toMatchObject({ status: 1, stdout: 'run-local: not running.\n' });
        expect(run(dir, 'down')).toMatchObject({ status: 0, stdout: 'run-local: nothing to stop.\n' });
        for (const command of ['stop', 'start', 'restart']) {
            expect(run(dir, command, 'products')).toMatchObject({ status: 1, stderr: 'run-local: Not running: ./run-local.sh up starts the system.\n' });
        }
        const env = run(dir, 'env');
        expect(env.status).toBe(0);
        expect(env.stdout).toContain('PORT=<products:3000#1>');
        expect(env.stdout).toContain('JWT_SECRET=********');
        expect(env.stdout).toContain('#   PAYMENTS_REQUESTED_DELAY_MS  ');
        expect(run(dir, 'bogus')).toMatchObject({ status: 2 });
    });
});

it('run-local.sh up refuses what it cannot run, before starting anything', () => {
    const dir = writeOut(variantsModel);
    const result = spawnSync(join(dir, 'run-local.sh'), ['up'], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("run-local: Database 'catalog_db' uses MySQL");
    expect(spawnSync('ls', ['-A', dir], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort()).toEqual(['run-local.mjs', 'run-local.sh']);
});

/** Ports free on 127.0.0.1 now, one per key. */
async function freePorts(keys: readonly string[]): Promise<Record<string, number>> {
    const ports: Record<string, number> = {};
    for (const key of keys) {
        ports[key] = await new Promise<number>((resolve, reject) => {
            const server = createServer();
            server.once('error', reject);
            server.listen(0, '127.0.0.1', () => {
                const port = (server.address() as { port: number }).port;
                server.close(() => resolve(port));
            });
        });
    }
    return ports;
}

describe('stop, start and restart of one component', () => {
    // A stand-in for the built service: answers /ready with its instance, logs a line when it starts.
    const FAKE_MAIN = [
        "import http from 'node:http';",
        "console.log(`started ${process.env.INSTANCE_ID}`);",
        "const server = http.createServer((_req, res) => res.end(JSON.stringify({ status: 'ready', instance: process.env.INSTANCE_ID })));",
        'server.listen(Number(process.env.PORT), process.env.LISTEN_HOST);',
        "process.on('SIGTERM', () => server.close(() => process.exit(0)));",
        ''
    ].join('\n');
    let dir: string;
    let runner: Runner;
    let ports: Record<string, number>;
    const state = () => JSON.parse(readFileSync(join(dir, '.run-local', 'state.json'), 'utf8')) as { processes: { label: string; pid: number; replica: number }[] };
    const pids = () => state().processes.map(p => p.pid);
    // Running, and not a zombie no one has reaped yet (in a container, PID 1 may not reap).
    const alive = (pid: number) => {
        if (!existsSync('/proc/self/stat')) return spawnSync('kill', ['-0', String(pid)]).status === 0;
        try {
            const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
            return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
        } catch {
            return false;
        }
    };
    const instance = async (replica: number) => {
        const reply = await fetch(`http://127.0.0.1:${ports[`products:3000#${replica}`]}/ready`, { signal: AbortSignal.timeout(2000) });
        return ((await reply.json()) as { instance: string }).instance;
    };

    beforeAll(async () => {
        dir = writeOut();
        runner = (await import(pathToFileURL(join(dir, 'run-local.mjs')).href)) as Runner;
        const products = runner.PLAN.units.find(u => u.id === 'products')!;
        mkdirSync(dirname(join(dir, products.main!)), { recursive: true });
        writeFileSync(join(dir, products.main!), FAKE_MAIN);
        ports = await freePorts(runner.PLAN.units.flatMap(u => Array.from({ length: u.replicas }, (_, r) => u.ports.map(p => `${u.id}:${p}#${r}`)).flat()));
        // As up leaves it, the two products replicas recorded but no longer running (a PID that has exited).
        const gone = spawnSync('true').pid;
        const record = (replica: number) => ({
            unit: 'products', replica, label: `products #${replica + 1}`, kind: 'backend', pid: gone, group: true, stage: 3,
            ports: [ports[`products:3000#${replica}`]], log: join(dir, '.run-local', 'logs', `products-${replica + 1}.log`),
            health: { type: 'http', port: ports[`products:3000#${replica}`], path: '/ready' }
        });
        mkdirSync(join(dir, '.run-local'), { recursive: true });
        writeFileSync(join(dir, '.run-local', 'state.json'), JSON.stringify({
            format: 1, project: 'shop', dir, complete: true, url: 'http://127.0.0.1:1/', ports, settings: {}, overrides: {}, processes: [record(0), record(1)]
        }));
    });

    afterAll(() => {
        for (const pid of pids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    });

    it('starts what stopped of a component, one replica or all, on the ports up gave it, in its place in the table', async () => {
        const second = run(dir, 'start', 'products#2');
        expect(second.status, second.stderr).toBe(0);
        expect(second.stdout).toBe(`run-local: started products #2 (pid ${pids()[1]}, http://127.0.0.1:${ports['products:3000#1']}).\n`);
        expect(await instance(1)).toBe('products-2');
        expect(alive(pids()[0]!)).toBe(false);
        expect(run(dir, 'status').stdout).toMatch(/products #1 +backend +\d+ +\S+ +stopped\nproducts #2 +backend +\d+ +\S+ +healthy\n/);

        const running = pids()[1];
        expect(run(dir, 'start', 'products')).toMatchObject({ status: 0 });
        expect(state().processes.map(p => p.label)).toEqual(['products #1', 'products #2']);
        expect(pids()[1]).toBe(running);
        expect(await instance(0)).toBe('products-1');
    });

    it('restarts a replica with a new process, its log kept and appended to', async () => {
        const [first, second] = pids();
        expect(run(dir, 'restart', 'products#1')).toMatchObject({ status: 0 });
        expect(alive(first!)).toBe(false);
        expect(pids()[0]).not.toBe(first);
        expect(pids()[1]).toBe(second);
        expect(await instance(0)).toBe('products-1');
        expect(readFileSync(join(dir, '.run-local', 'logs', 'products-1.log'), 'utf8')).toBe('started products-1\nstarted products-1\n');
    });

    it('stops a component by PID, its records kept for start', () => {
        const before = pids();
        const stopped = run(dir, 'stop', 'products');
        expect(stopped.status, stopped.stderr).toBe(0);
        expect(stopped.stdout).toBe(`run-local: stopped products #1 (pid ${before[0]}), products #2 (pid ${before[1]}); ./run-local.sh start products starts it again.\n`);
        expect(before.some(alive)).toBe(false);
        expect(pids()).toEqual(before);
        expect(run(dir, 'stop', 'products')).toMatchObject({ status: 0, stdout: 'run-local: not running: products.\n' });
    });
});
