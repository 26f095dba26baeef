/**
 * The generated runner, without starting servers: it parses, its pure parts
 * (placeholders, nginx rendering, .env) behave, and the commands that need no
 * server answer sensibly. The end-to-end tests (test/e2e) start real ones.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generate.js';
import { ecommerceModel, variantsModel } from '../../test-support/fixtures.js';

interface Runner {
    PLAN: { units: { id: string; kind: string; env?: { name: string; value: string }[] }[] };
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

    it('answers status, down and env without a running system', () => {
        expect(run(dir, 'status')).toMatchObject({ status: 1, stdout: 'run-local: not running.\n' });
        expect(run(dir, 'down')).toMatchObject({ status: 0, stdout: 'run-local: nothing to stop.\n' });
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
