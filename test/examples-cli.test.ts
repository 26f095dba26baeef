/**
 * The examples through the built `archgen` binary, exactly as CI or a user
 * runs it: every example checks with --strict, every file of examples/ and
 * docs/examples/ is in the canonical layout, and every example generates.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'packages/cli/bin/archgen.js');
const BUILT = existsSync(path.join(ROOT, 'packages/cli/dist/main.js'));

/** `<name>.arch`, and `<folder>/<folder>.arch` for a model in several files (as test/examples.test.ts). */
const examples = readdirSync(path.join(ROOT, 'examples')).flatMap(f => {
    if (f.endsWith('.arch')) return [`examples/${f}`];
    const entry = `examples/${f}/${f}.arch`;
    return statSync(path.join(ROOT, 'examples', f)).isDirectory() && existsSync(path.join(ROOT, entry)) ? [entry] : [];
}).sort();

/** `node packages/cli/bin/archgen.js <args>` from the repository root; pipes, so never a TTY. */
function archgen(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise(resolve => {
        execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', ARCHGEN_NO_DAEMON: '1' } }, (error, stdout, stderr) => {
            resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
        });
    });
}

const output = mkdtempSync(path.join(tmpdir(), 'archgen-examples-cli-'));
afterAll(() => rmSync(output, { recursive: true, force: true }));

// `npm test` builds first; a bare `vitest run` on a fresh checkout has no dist/ to spawn.
describe.skipIf(!BUILT)('the examples through the archgen binary (needs `tsc -b tsconfig.build.json`)', () => {
    test('there are at least five examples of different shapes, among them streaming and chat', () => {
        expect(examples.length).toBeGreaterThanOrEqual(5);
        expect(examples).toEqual(expect.arrayContaining(['examples/streaming.arch', 'examples/chat.arch', 'examples/invoicing/invoicing.arch']));
    });

    test('archgen check --strict examples: exit 0, no problems', async () => {
        const result = await archgen('check', '--strict', 'examples');
        expect(result.stderr).toBe('');
        expect(result.stdout).toMatch(/^No problems in \d+ files\.\n$/);
        expect(result.code).toBe(0);
    });

    test('archgen fmt --check examples docs/examples: exit 0, every file already canonical', async () => {
        const result = await archgen('fmt', '--check', 'examples', 'docs/examples');
        expect(result.stderr).toBe('');
        expect(result.stdout).toMatch(/^\d+ files already canonical\.\n$/);
        expect(result.code).toBe(0);
    });

    test.concurrent.each(examples)('archgen generate %s: exit 0', async example => {
        const into = path.join(output, example.replace(/\W/g, '_'));
        const result = await archgen('generate', example, '-o', into);
        expect(result.stderr).toBe('');
        expect(result.stdout).toMatch(/^Generated \d+ files in .* \(\d+ created\)$/m);
        expect(result.code).toBe(0);
        expect(existsSync(path.join(into, 'docker-compose.yml'))).toBe(true);
    }, 60_000);
});
