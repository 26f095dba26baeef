/**
 * Keeps `npm run bench` working without running it (it takes minutes): the
 * synthetic model checks clean, and the benchmark script runs end to end at
 * the smallest size, writing only into a temporary folder. No timing is
 * asserted: speed is what the benchmark reports, not what tests decide.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmptyFileSystem } from 'langium';
import { checkSources, createArchgenServices } from '@archgen/language';
import { describe, expect, it } from 'vitest';
import { blockCount, blockNames, syntheticModel } from '../bench/synthetic.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BUILT = existsSync(path.join(ROOT, 'packages/cli/dist/main.js')) && existsSync(path.join(ROOT, 'packages/cli/dist/archgen.cjs'));

describe('bench/synthetic.mjs', () => {
    it('makes a model of whole blocks that checks with no errors and no warnings, entities or not', async () => {
        for (const entities of [true, false]) {
            const text = syntheticModel({ components: 200, entities });
            const [result] = await checkSources(createArchgenServices(EmptyFileSystem), [{ uri: 'file:///bench/synthetic.arch', text }]);
            expect(result!.diagnostics).toEqual([]);
            expect(result!.model!.components).toHaveLength(200);
            expect(result!.model!.connectors).toHaveLength(300);
        }
    });

    it('is deterministic and names every component once', () => {
        expect(syntheticModel({ components: 60 })).toBe(syntheticModel({ components: 60 }));
        expect(blockCount(21)).toBe(2);
        const names = [0, 1, 2].flatMap(b => {
            const n = blockNames(b);
            return [n.loadBalancer, n.frontend, n.gateway, n.apiBalancer, ...n.services, ...n.databases];
        });
        expect(new Set(names).size).toBe(60);
    });
});

describe.skipIf(!BUILT)('npm run bench (smoke, smallest size; needs the build)', () => {
    it('measures, prints the tables and writes results.json and BENCHMARKS.md into --out', () => {
        const out = mkdtempSync(path.join(tmpdir(), 'archgen-bench-smoke-'));
        try {
            const run = spawnSync(process.execPath, [
                'bench/run.mjs', '--sizes', '100', '--runs', '1', '--cli-runs', '1', '--lsp-sizes', '100', '--lsp-edits', '1', '--out', out
            ], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
            expect(run.status, run.stderr).toBe(0);
            expect(run.stdout).toContain('| components |');
            const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
            // As `archgen check` (no IR, no CST: the synthetic model has no diagnostics), then as `archgen generate`.
            expect(results.inProcess).toHaveLength(1);
            expect(results.inProcess[0]).toMatchObject({ components: 100, connectors: 150, warnings: 0, cstBuilds: 0 });
            for (const phase of ['parse', 'link', 'validate', 'parseToValidated']) expect(results.inProcess[0].ms[phase]).toBeGreaterThan(0);
            expect(results.inProcessGenerate).toHaveLength(1);
            expect(results.inProcessGenerate[0]).toMatchObject({ components: 100, connectors: 150, warnings: 0 });
            for (const phase of ['parse', 'link', 'validate', 'ir', 'generate']) expect(results.inProcessGenerate[0].ms[phase]).toBeGreaterThan(0);
            expect(results.cli['generate (first, empty output folder)'].medianMs).toBeGreaterThan(0);
            expect(results.lsp[0]).toMatchObject({ components: 100, diagnostics: 0 });
            // The first command as a user runs it starts the daemon that runs the next ones.
            expect(results.cli['generate, no daemon yet (it starts one for the next command)'].medianMs).toBeGreaterThan(0);
            expect(results.cli['generate (first, empty output folder), `archgen daemon` running'].medianMs).toBeGreaterThan(0);
            expect(results.targets).toHaveLength(6);
            expect(readFileSync(path.join(out, 'BENCHMARKS.md'), 'utf8')).toContain('# Benchmarks');
        } finally {
            rmSync(out, { recursive: true, force: true });
        }
    }, 180_000);
});
