// @ts-check
/**
 * A small closed-loop load driver: `concurrency` workers, each sending its
 * next request (or flow) as soon as the previous one answers, for a bounded
 * time. What starts during the warm-up is not counted; what starts in the
 * measured window is, until it ends.
 *
 *   const agent = keepAliveAgent(16);
 *   const result = await closedLoop({
 *       concurrency: 16, durationMs: 20_000, warmupMs: 2_000,
 *       task: async ({ worker }) => expectStatus(await send(agent, url), 200)
 *   });
 *   summary(result);   // { count, errors, perSecond, p50, p99, ... }
 *
 * HTTP goes through node:http with a keep-alive agent: on a machine shared
 * with the system under test, the client should cost as little CPU as it can.
 */
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * @typedef {{ status: number, headers: http.IncomingHttpHeaders, text: string, json(): any }} Answer
 * @typedef {{ worker: number, iteration: number, step(name: string, ms: number): void }} TaskContext
 * @typedef {{
 *   concurrency: number, durationMs: number, warmupMs?: number,
 *   task: (context: TaskContext) => Promise<void>, signal?: AbortSignal
 * }} LoopOptions
 * @typedef {{
 *   latencies: number[], errors: Map<string, number>, steps: Map<string, number[]>,
 *   windowMs: number, concurrency: number
 * }} LoopResult
 */

/** @param {number} sockets */
export function keepAliveAgent(sockets) {
    return new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
}

/**
 * One HTTP request; JSON in, the body as text out (parsed on demand). Bounded by `timeoutMs`.
 * @param {http.Agent} agent
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: unknown, timeoutMs?: number }} [options]
 * @returns {Promise<Answer>}
 */
export function send(agent, url, { method, headers = {}, body, timeoutMs = 15_000 } = {}) {
    return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        const request = http.request(url, {
            method: method ?? (payload ? 'POST' : 'GET'),
            agent,
            headers: {
                accept: 'application/json',
                ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
                ...headers
            }
        }, response => {
            /** @type {Buffer[]} */
            const chunks = [];
            response.on('data', chunk => chunks.push(chunk));
            response.on('error', reject);
            response.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json: () => JSON.parse(text) });
            });
        });
        request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        request.on('error', reject);
        request.end(payload);
    });
}

/** A failed request or flow, counted by its message. */
export class LoadError extends Error {}

/**
 * @param {Answer} answer
 * @param {number} status
 * @param {string} what
 */
export function expectStatus(answer, status, what) {
    if (answer.status !== status) throw new LoadError(`${what} -> ${answer.status}`);
    return answer;
}

/**
 * Runs `task` in `concurrency` loops for warmupMs + durationMs.
 * @param {LoopOptions} options
 * @returns {Promise<LoopResult>}
 */
export async function closedLoop({ concurrency, durationMs, warmupMs = 0, task, signal }) {
    const begin = performance.now();
    const from = begin + warmupMs;
    const end = from + durationMs;
    /** @type {number[]} */
    const latencies = [];
    /** @type {Map<string, number>} */
    const errors = new Map();
    /** @type {Map<string, number[]>} */
    const steps = new Map();
    let last = from;
    /** @param {number} worker */
    const loop = async worker => {
        for (let iteration = 0; ; iteration++) {
            const started = performance.now();
            if (started >= end || signal?.aborted) return;
            const counted = started >= from;
            /** @type {[string, number][]} */
            const marks = [];
            try {
                await task({ worker, iteration, step: (name, ms) => marks.push([name, ms]) });
                const ended = performance.now();
                if (!counted) continue;
                latencies.push(ended - started);
                for (const [name, ms] of marks) {
                    const list = steps.get(name) ?? [];
                    list.push(ms);
                    steps.set(name, list);
                }
                last = Math.max(last, ended);
            } catch (error) {
                if (!counted) continue;
                const key = error instanceof LoadError ? error.message : `${/** @type {Error} */ (error)?.message ?? error}`;
                errors.set(key, (errors.get(key) ?? 0) + 1);
                last = Math.max(last, performance.now());
            }
        }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, worker) => loop(worker)));
    return { latencies, errors, steps, windowMs: Math.max(last, end) - from, concurrency };
}

/**
 * The nearest-rank percentile (q in 0..1) of unsorted values; NaN when there are none.
 * @param {readonly number[]} values
 * @param {number} q
 */
export function percentile(values, q) {
    if (values.length === 0) return Number.NaN;
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1];
}

const round = (/** @type {number} */ value, /** @type {number} */ digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * @param {readonly number[]} values
 */
export function latencySummary(values) {
    return {
        p50: round(percentile(values, 0.5), 2),
        p99: round(percentile(values, 0.99), 2),
        mean: round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length), 2),
        max: round(values.length ? values.reduce((a, b) => Math.max(a, b), -Infinity) : Number.NaN, 2)
    };
}

/**
 * What a run measured: successes per second over the window, latency percentiles (ms), errors by kind.
 * @param {LoopResult} result
 */
export function summary(result) {
    const errors = [...result.errors.values()].reduce((a, b) => a + b, 0);
    return {
        concurrency: result.concurrency,
        count: result.latencies.length,
        errors,
        errorKinds: Object.fromEntries(result.errors),
        windowS: round(result.windowMs / 1000, 2),
        perSecond: round(result.latencies.length / (result.windowMs / 1000), 1),
        ...latencySummary(result.latencies),
        steps: Object.fromEntries([...result.steps].map(([name, values]) => [name, latencySummary(values)]))
    };
}
