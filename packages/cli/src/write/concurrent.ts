/** How many files the write step reads or writes at a time. */
export const FILE_CONCURRENCY = 16;

/**
 * Maps `items` through `task`, at most `limit` at a time, started in order;
 * the results come back in the order of `items`. File operations overlap (a
 * write waits mostly on the disk) while the outcome stays that of a loop:
 * after a failure no further task starts, and once the running ones settle the
 * error of the earliest failed item is thrown, whichever failed first in time.
 */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const results = new Array<R>(items.length);
    const failures = new Map<number, unknown>();
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length && failures.size === 0) {
            const index = next++;
            try {
                results[index] = await task(items[index]!, index);
            } catch (error) {
                failures.set(index, error);
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
    return results;
}
