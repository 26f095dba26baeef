/**
 * A lab-size base-dialect system (frontend -> gateway -> load balancer -> two
 * backends -> one database) generates, starts with its run-local.sh on the
 * installed PostgreSQL and nginx, balances visibly, and stops cleanly.
 */
import { execFileSync } from 'node:child_process';
import { readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { availability, freePort, listening, readRunLocalState, request, runLocal, useSystem } from './harness.js';

const needs = availability(['postgres', 'nginx', 'npm']);

describe.skipIf(!needs.run)(`lab system under run-local.sh${needs.note}`, () => {
    let publicPort = 0;
    // The public port fixed from the environment; every other port is a free one.
    const system = useSystem('test/fixtures/e2e/lab-shared-db.arch', needs, async () => ({ RUN_LOCAL_PORT: String((publicPort = await freePort())) }));

    /** The HTTP port of the first replica of a unit, as `up` recorded it. */
    const portOf = (unit: string): number => {
        const record = system().state.processes.find(p => p.unit === unit);
        if (!record) throw new Error(`No process for '${unit}'.`);
        return record.ports[0]!;
    };

    it('starts every process of the model and prints the public URL last', () => {
        const { state, url, up } = system();
        expect(state.processes.map(p => p.label)).toEqual([
            'PostgreSQL', 'lab_be_a #1', 'lab_be_a #2', 'lab_be_b #1', 'lab_be_b #2', 'lab_lb', 'lab_gw', 'lab_fe'
        ]);
        expect(url).toBe(`http://127.0.0.1:${publicPort}/`);
        expect(portOf('lab-fe')).toBe(publicPort);
        expect(up.stdout).toContain('database lab_db created from databases/lab-db/schema.sql');
    });

    it('serves the frontend at the public URL', async () => {
        const page = await request(system().url, { headers: { accept: 'text/html' } });
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toContain('text/html');
        expect((await request(`${system().url}health`)).status).toBe(200);
    });

    it('alternates between the two backends, and their instances, through gateway and load balancer', async () => {
        // Entity-less backends are interchangeable skeletons: the balancer spreads the gateway's routes over all of them.
        const served: string[] = [];
        const upstreams = new Set<string>();
        for (let i = 0; i < 12; i++) {
            const reply = await request(`${system().url}api/${i % 2 === 0 ? 'lab-be-a' : 'lab-be-b'}`);
            expect(reply.status, reply.text).toBeLessThan(500);
            served.push(reply.headers.get('x-instance') ?? '(none)');
            upstreams.add(reply.headers.get('x-upstream') ?? '(none)');
        }
        const instances = ['lab_be_a@lab-be-a-1', 'lab_be_a@lab-be-a-2', 'lab_be_b@lab-be-b-1', 'lab_be_b@lab-be-b-2'];
        expect(new Set(served)).toEqual(new Set(instances));
        expect(new Set(served.map(s => s.split('@')[0]))).toEqual(new Set(['lab_be_a', 'lab_be_b']));
        expect(upstreams.size).toBe(4);
        // Round robin: no instance answers twice in a row.
        expect(served.every((s, i) => i === 0 || s !== served[i - 1])).toBe(true);
    });

    it('reports every process healthy', async () => {
        const status = await runLocal(system().dir, ['status']);
        expect(status.code, status.stdout + status.stderr).toBe(0);
        expect(status.stdout).not.toMatch(/unhealthy|stopped/);
    });

    it('stops everything with down: nothing listens on the recorded ports, and down again is a no-op', async () => {
        const ports = [...new Set(Object.values(system().state.ports))];
        const down = await system().down();
        expect(down.code, down.stdout + down.stderr).toBe(0);
        expect(down.ms).toBeLessThan(30_000);
        const still = [];
        for (const port of ports) if (await listening(port)) still.push(port);
        expect(still).toEqual([]);
        expect(readRunLocalState(system().dir)).toBeUndefined();
        const again = await runLocal(system().dir, ['down']);
        expect(again).toMatchObject({ code: 0, stdout: 'run-local: nothing to stop.\n' });
    });

    it('stops what it started and says why when a process fails to start', async () => {
        const { dir } = system();
        writeFileSync(join(dir, 'services/lab-be-b/dist/main.js'), "console.error('boom: lab_be_b refuses to start');\nprocess.exit(3);\n");
        const up = await runLocal(dir, ['up'], { timeoutMs: 180_000 });
        expect(up.code, up.stdout + up.stderr).toBe(1);
        // The runner sees either the exit code or, when the poll comes first, that the process is gone.
        expect(up.stderr).toMatch(/lab_be_b #[12] stopped while starting: (exited \(code 3\)|its process is gone)/);
        expect(up.stderr).toContain('boom: lab_be_b refuses to start');
        expect(up.stderr).toContain('stopping everything this run started');
        expect(readRunLocalState(dir)).toBeUndefined();
        const cluster = readlinkSync(join(dir, '.run-local/postgres'), { encoding: 'utf8' });
        const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter(line => line.includes(dir) || line.includes(cluster));
        expect(left).toEqual([]);
    });
});
