import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, postgresAvailability, startPostgres } from './postgres.js';

const availability = postgresAvailability();
const required = process.env['CI'] === 'true';

describe.skipIf(!availability.available && !required)(
    `throwaway PostgreSQL${availability.available ? '' : ` (skipped: ${availability.reason})`}`,
    () => {
        let server: PostgresServer;
        beforeAll(async () => {
            server = await startPostgres();
        });
        afterAll(async () => {
            await server?.stop();
        });

        it('serves a fresh database on 127.0.0.1', async () => {
            expect(server.host).toBe('127.0.0.1');
            await server.createDatabase('probe');
            const client = await server.connect('probe');
            try {
                const result = await client.query<{ db: string; version: string }>('SELECT current_database() AS db, current_setting(\'server_version_num\') AS version');
                expect(result.rows[0]!.db).toBe('probe');
                expect(Number(result.rows[0]!.version)).toBeGreaterThanOrEqual(150000);
            } finally {
                await client.end();
            }
        });
    }
);
