/**
 * Shard 2 of the bounded fuzz campaign (campaign.ts): seeded inputs, generated
 * from the grammar or mutated from real models, against the oracle (oracle.ts).
 */
import { expect, test } from 'vitest';
import { CI_COUNT, CI_SEED, runShard, SHARDS } from './campaign.js';

test(`fuzz shard 2/${SHARDS}: seeds from ${CI_SEED}, ${CI_COUNT} in all`, async () => {
    const result = await runShard(1);
    expect(result.failures, result.failures.join('\n\n')).toEqual([]);
    // The generator must keep reaching the IR and generate(), not only the parser.
    expect(result.generated).toBeGreaterThan(result.inputs / 10);
}, 300_000);
