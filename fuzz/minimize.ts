/**
 * Shrinks a failing input while the oracle still reports a finding of the
 * same kind: drops files, then chunks of lines, then tokens, then single
 * characters (delta debugging, greedy). What is left becomes a regression
 * fixture once a person has named and explained it.
 */
import type { FuzzFile } from './corpus.js';
import { tokenize } from './mutate.js';
import type { FindingKind, Oracle } from './oracle.js';

export async function minimize(oracle: Oracle, files: readonly FuzzFile[], kind: FindingKind, budgetMs = 120_000): Promise<FuzzFile[]> {
    const deadline = Date.now() + budgetMs;
    const fails = async (candidate: readonly FuzzFile[]): Promise<boolean> => {
        try {
            return (await oracle.run(candidate)).findings.some(f => f.kind === kind);
        } catch {
            return false;
        }
    };
    let current = [...files];
    // Files: drop whole files, or empty them.
    for (let i = current.length - 1; i >= 0 && current.length > 1; i--) {
        const without = current.filter((_, j) => j !== i);
        if (await fails(without)) current = without;
    }
    // Within each file: lines, then tokens, then characters.
    const splitters: ((text: string) => string[])[] = [
        text => text.split(/(?<=\n)/),
        text => tokenize(text).map(t => t.text),
        text => [...text]
    ];
    for (const split of splitters) {
        for (let f = 0; f < current.length; f++) {
            let parts = split(current[f]!.text);
            for (let chunk = Math.max(1, Math.floor(parts.length / 2)); chunk >= 1; chunk = Math.floor(chunk / 2)) {
                for (let start = 0; start < parts.length && Date.now() < deadline;) {
                    const candidate = [...parts.slice(0, start), ...parts.slice(start + chunk)];
                    const next = current.map((file, j) => (j === f ? { ...file, text: candidate.join('') } : file));
                    if (await fails(next)) {
                        parts = candidate;
                        current = next;
                    } else {
                        start += chunk;
                    }
                }
                if (chunk === 1) break;
            }
        }
    }
    return current;
}
