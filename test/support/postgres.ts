/**
 * A throwaway PostgreSQL 15 server for tests: a fresh cluster in a temporary
 * folder, listening on 127.0.0.1 on a free port, trust authentication as
 * `postgres`. As root, initdb and pg_ctl run as the `postgres` user.
 *
 *   const availability = postgresAvailability();
 *   const server = await startPostgres();
 *   await server.createDatabase('shop');
 *   const client = await server.connect('shop');
 *   ...
 *   await server.stop();
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './net.js';

export const PG_BIN = process.env['ARCHGEN_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
const HOST = '127.0.0.1';
const SUPERUSER = 'postgres';

export interface PostgresServer {
    readonly host: string;
    readonly port: number;
    createDatabase(name: string): Promise<void>;
    /** A connected client on `database`; the caller ends it. */
    connect(database: string): Promise<pg.Client>;
    /** Stops the server at once (`-m immediate`) and deletes its folder. Safe to call twice. */
    stop(): Promise<void>;
}

export type Availability = { readonly available: true } | { readonly available: false; readonly reason: string };

const isRoot = (): boolean => process.getuid?.() === 0;

export function postgresAvailability(): Availability {
    for (const tool of ['initdb', 'pg_ctl']) {
        if (!existsSync(join(PG_BIN, tool))) {
            return { available: false, reason: `PostgreSQL 15 not installed: ${join(PG_BIN, tool)} is missing (set ARCHGEN_PG_BIN to its bin folder).` };
        }
    }
    if (isRoot()) {
        try {
            execFileSync('id', ['-u', SUPERUSER], { stdio: 'pipe' });
            execFileSync('runuser', ['--help'], { stdio: 'pipe' });
        } catch {
            return { available: false, reason: `Running as root needs the '${SUPERUSER}' user and runuser to start PostgreSQL.` };
        }
    }
    return { available: true };
}

/** Runs a PostgreSQL tool, as the postgres user when we are root. */
function run(tool: string, args: readonly string[]): string {
    const command = isRoot() ? 'runuser' : join(PG_BIN, tool);
    const argv = isRoot() ? ['-u', SUPERUSER, '--', join(PG_BIN, tool), ...args] : [...args];
    try {
        return execFileSync(command, argv, { stdio: 'pipe', encoding: 'utf8' });
    } catch (error) {
        const e = error as { stderr?: string; stdout?: string; message: string };
        throw new Error(`${tool} failed: ${e.stderr || e.stdout || e.message}`);
    }
}


export async function startPostgres(): Promise<PostgresServer> {
    const availability = postgresAvailability();
    if (!availability.available) throw new Error(availability.reason);

    const dir = mkdtempSync(join(tmpdir(), 'archgen-pg-'));
    if (isRoot()) {
        const uid = Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8' }).trim());
        const gid = Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8' }).trim());
        chownSync(dir, uid, gid);
    }
    const data = join(dir, 'data');
    const log = join(dir, 'server.log');
    let running = false;
    const stopSync = (): void => {
        if (running) {
            running = false;
            try {
                run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
            } catch {
                // Already gone.
            }
        }
        rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', stopSync);

    try {
        run('initdb', ['-D', data, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
        const port = await startOnFreePort(data, log, dir);
        running = true;
        const connect = async (database: string): Promise<pg.Client> => {
            const client = new pg.Client({ host: HOST, port, user: SUPERUSER, database });
            await client.connect();
            return client;
        };
        return {
            host: HOST,
            port,
            connect,
            async createDatabase(name: string): Promise<void> {
                if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain database name: '${name}'.`);
                const client = await connect('postgres');
                try {
                    await client.query(`CREATE DATABASE ${name}`);
                } finally {
                    await client.end();
                }
            },
            async stop(): Promise<void> {
                process.removeListener('exit', stopSync);
                stopSync();
            }
        };
    } catch (error) {
        process.removeListener('exit', stopSync);
        stopSync();
        throw error;
    }
}

/** A free port may be taken between the probe and the start: try a few. */
async function startOnFreePort(data: string, log: string, socketDir: string): Promise<number> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
        const port = await freePort();
        const options = `-c listen_addresses=${HOST} -p ${port} -k ${socketDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
        try {
            run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', options, 'start']);
            return port;
        } catch (error) {
            lastError = error;
        }
    }
    const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new Error(`PostgreSQL did not start: ${lastError instanceof Error ? lastError.message : String(lastError)}\n${tail}`);
}
