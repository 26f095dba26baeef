/**
 * The bounded campaign CI runs (see fuzz.shard-*.test.ts): a fixed range of
 * seeds, split in shards that vitest runs in parallel. `ARCHGEN_FUZZ_SEED`
 * and `ARCHGEN_FUZZ_COUNT` move or widen the range. A failing input is written
 * to a temporary folder and quoted, with its seed, in the assertion message.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputFor, type FuzzInput } from './inputs.js';
import { examine, Oracle, type Finding } from './oracle.js';

export const CI_SEED = Number(process.env['ARCHGEN_FUZZ_SEED'] ?? 20_240_601);
export const CI_COUNT = Number(process.env['ARCHGEN_FUZZ_COUNT'] ?? 3000);
export const SHARDS = 2;
export const LIMIT_MS = 2000;

export interface ShardResult {
    readonly inputs: number;
    readonly errorFree: number;
    readonly generated: number;
    readonly failures: readonly string[];
}

/** Runs the seeds `CI_SEED + i` with `i % SHARDS === shard`. */
export async function runShard(shard: number): Promise<ShardResult> {
    const oracle = new Oracle();
    for (let seed = 0; seed < 8; seed++) await oracle.run(inputFor(seed).files); // warm-up: template compilation is not the first input's time
    const failures: string[] = [];
    let inputs = 0;
    let errorFree = 0;
    let generated = 0;
    for (let i = shard; i < CI_COUNT; i += SHARDS) {
        const input = inputFor(CI_SEED + i);
        const verdict = await examine(oracle, input.files, LIMIT_MS);
        inputs++;
        if (!verdict.hasErrors) errorFree++;
        generated += verdict.generated;
        if (verdict.findings.length > 0) failures.push(describeFailure(input, verdict.findings));
    }
    return { inputs, errorFree, generated, failures };
}

let failureDir: string | undefined;

export function describeFailure(input: FuzzInput, findings: readonly Finding[]): string {
    failureDir ??= mkdtempSync(join(tmpdir(), 'archgen-fuzz-'));
    const dir = join(failureDir, `seed-${input.seed}`);
    mkdirSync(dir, { recursive: true });
    for (const f of input.files) writeFileSync(join(dir, f.name), f.text);
    writeFileSync(join(dir, 'input.json'), JSON.stringify({ seed: input.seed, recipe: input.recipe, files: input.files }, null, 2) + '\n');
    writeFileSync(join(dir, 'finding.txt'), findings.map(f => `${f.kind}${f.file ? ` [${f.file}]` : ''}: ${f.message}`).join('\n') + '\n');
    const quoted = input.files.map(f => `--- ${f.name}\n${f.text.length > 2000 ? f.text.slice(0, 2000) + '\n[...]' : f.text}`).join('\n');
    return [
        `seed ${input.seed} (${input.recipe}), saved to ${dir}; reproduce: npm run fuzz -- --seed ${input.seed} --count 1 --workers 1`,
        ...findings.map(f => `  ${f.kind}${f.file ? ` [${f.file}]` : ''}: ${f.message}`),
        quoted
    ].join('\n');
}
