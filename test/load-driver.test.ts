/**
 * The load driver of `npm run load` (load/driver.mjs) against a server of
 * this test: percentiles, the closed loop's counting, errors by kind.
 */
import { type Server, createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadError, closedLoop, expectStatus, keepAliveAgent, percentile, send, summary } from '../load/driver.mjs';
import { HOST } from './support/net.js';

describe('the load driver', () => {
    let server: Server;
    let url = '';
    let inFlight = 0;
    let mostInFlight = 0;
    const agent = keepAliveAgent(8);

    beforeAll(async () => {
        // Answers after 5 ms; /fail with 503.
        server = createServer((request, response) => {
            inFlight++;
            mostInFlight = Math.max(mostInFlight, inFlight);
            setTimeout(() => {
                inFlight--;
                response.statusCode = request.url === '/fail' ? 503 : 200;
                response.setHeader('content-type', 'application/json');
                response.end(JSON.stringify({ path: request.url, method: request.method }));
            }, 5);
        });
        await new Promise<void>(resolve => server.listen(0, HOST, resolve));
        url = `http://${HOST}:${(server.address() as { port: number }).port}`;
    });

    afterAll(async () => {
        agent.destroy();
        await new Promise(resolve => server.close(resolve));
    });

    it('takes nearest-rank percentiles', () => {
        const values = Array.from({ length: 100 }, (_, i) => 100 - i);
        expect(percentile(values, 0.5)).toBe(50);
        expect(percentile(values, 0.99)).toBe(99);
        expect(percentile(values, 1)).toBe(100);
        expect(percentile([7], 0.99)).toBe(7);
        expect(percentile([], 0.5)).toBeNaN();
    });

    it('sends JSON and reads the answer', async () => {
        const answer = await send(agent, `${url}/x`, { body: { a: 1 } });
        expect(answer.status).toBe(200);
        expect(answer.json()).toEqual({ path: '/x', method: 'POST' });
        expect(() => expectStatus(answer, 201, 'POST /x')).toThrow(new LoadError('POST /x -> 200'));
    });

    it('keeps `concurrency` requests in flight for the time given, counting what starts after the warm-up', async () => {
        mostInFlight = 0;
        const steps: number[] = [];
        const result = await closedLoop({
            concurrency: 4, durationMs: 300, warmupMs: 100,
            task: async ({ step }) => {
                expectStatus(await send(agent, `${url}/ok`), 200, 'GET /ok');
                step('one', 1);
                steps.push(1);
            }
        });
        const measured = summary(result);
        expect(mostInFlight).toBe(4);
        expect(measured.errors).toBe(0);
        // At most 4 at a time for 300 ms, each at least 5 ms: at most 4 * 300 / 5 counted, fewer than all that ran.
        expect(measured.count).toBeGreaterThan(10);
        expect(measured.count).toBeLessThanOrEqual(240);
        expect(measured.count).toBeLessThan(steps.length);
        expect(measured.p50).toBeGreaterThanOrEqual(5);
        expect(measured.p99).toBeGreaterThanOrEqual(measured.p50);
        expect(measured.windowS).toBeGreaterThanOrEqual(0.3);
        expect(Math.abs(measured.perSecond - measured.count / measured.windowS) / measured.perSecond).toBeLessThan(0.05);
        expect(measured.steps['one']).toMatchObject({ p50: 1, p99: 1 });
    });

    it('counts failures by kind, apart from the successes', async () => {
        const result = summary(await closedLoop({
            concurrency: 2, durationMs: 100,
            task: async ({ iteration }) => {
                expectStatus(await send(agent, `${url}/${iteration % 2 ? 'fail' : 'ok'}`), 200, 'GET');
            }
        }));
        expect(result.errors).toBeGreaterThan(0);
        expect(result.errorKinds).toEqual({ 'GET -> 503': result.errors });
        expect(result.count).toBeGreaterThan(0);
    });

    it('stops early when its signal is aborted', async () => {
        const abort = new AbortController();
        setTimeout(() => abort.abort(), 50);
        const began = Date.now();
        await closedLoop({ concurrency: 2, durationMs: 10_000, signal: abort.signal, task: async () => void (await send(agent, `${url}/ok`)) });
        expect(Date.now() - began).toBeLessThan(2000);
    });
});
