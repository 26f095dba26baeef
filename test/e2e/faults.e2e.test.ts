/**
 * Faults on the running e-commerce system (examples/ecommerce.arch under its
 * run-local.sh, through the public URL): many orders racing for little stock,
 * the payment processor killed with SIGKILL while it holds messages, the
 * broker restarted while payments are on their way, a replica stopped behind
 * a load balancer. The outcome is read where it is kept: the services'
 * databases (the credentials `run-local.sh env --show-secrets` gives each
 * service) and their logs in .run-local/logs.
 *
 * The processor waits PAYMENTS_REQUESTED_DELAY_MS (2 s here, 30 s in the
 * model) before it handles a payment request, at most 10 at a time (the AMQP
 * prefetch): that wait is the "middle of a message" the kill lands in.
 *
 * Many requests come from one test: each carries an X-Forwarded-For address of
 * its own (documentation ranges), as requests of many customers would, so the
 * gateway's rate limit (20 per second per client) counts them apart.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type Reply, availability, readRunLocalState, request, runLocal, useSystem } from './harness.js';

const needs = availability(['postgres', 'nginx', 'rabbitmq', 'npm']);

const DELAY_MS = 2000;

interface Recorded {
    readonly unit: string;
    readonly replica: number;
    readonly label: string;
    readonly pid: number;
    readonly ports: readonly number[];
    readonly log: string;
}

/** Polls `read` until `done` holds, at most `ms`; returns the last value. */
async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 30_000, every = 200): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
        const value = await read();
        if (done(value)) return value;
        if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}: last ${JSON.stringify(value)}`);
        await new Promise(resolve => setTimeout(resolve, every));
    }
}

/** Each call a client address of its own (TEST-NET-2 and -3, 508 of them), for the gateway's per-client rate limit. */
let clients = 0;
function client(): Record<string, string> {
    const n = clients++ % 508;
    return { 'x-forwarded-for': n < 254 ? `198.51.100.${n + 1}` : `192.0.2.${n - 253}` };
}

function isAlive(pid: number): boolean {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
    } catch {
        return false;
    }
}

describe.skipIf(!needs.run)(`faults on the e-commerce system under run-local.sh${needs.note}`, () => {
    const system = useSystem('examples/ecommerce.arch', needs, { PAYMENTS_REQUESTED_DELAY_MS: String(DELAY_MS) });
    const api = (path: string) => `${system().url}api/${path}`;
    const unique = Date.now().toString(36);
    const databases = new Map<string, pg.Client>();
    let seller: string;
    let customer: string;

    afterAll(async () => {
        await Promise.all([...databases.values()].map(c => c.end().catch(() => undefined)));
    });

    /** The process records of run-local's state, as they are now (a restart changes PIDs). */
    const processes = () => readRunLocalState(system().dir)!.processes as unknown as readonly Recorded[];
    const recordOf = (label: string) => {
        const found = processes().find(p => p.label === label);
        if (!found) throw new Error(`run-local records no '${label}'.`);
        return found;
    };
    const runLocalOk = async (...args: string[]) => {
        const result = await runLocal(system().dir, args, { timeoutMs: 120_000 });
        expect(result.code, `run-local.sh ${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
        return result;
    };

    /** A service's database, with the credentials run-local gave the service. */
    const database = async (service: string): Promise<pg.Client> => {
        const known = databases.get(service);
        if (known) return known;
        const env = await runLocal(system().dir, ['env', '--show-secrets']);
        // One block per process, headed `# <component>[ #<replica>] (<kind>, <folder>)`.
        const heading = new RegExp(`^# ${service}( #\\d+)? \\(`, 'm');
        const block = env.stdout.split('\n\n').find(b => heading.test(b));
        if (!block) throw new Error(`run-local.sh env shows no '${service}':\n${env.stdout}`);
        const vars = new Map(block.split('\n').map(l => /^([A-Z0-9_]+)=(.*)$/.exec(l)).filter(m => m !== null).map(m => [m[1]!, m[2]!]));
        const prefix = `${service.toUpperCase()}_DB_`;
        const value = (name: string) => vars.get(prefix + name) ?? '';
        const client = new pg.Client({
            host: value('HOST'), port: Number(value('PORT')), user: value('USER'), password: value('PASSWORD'), database: value('DATABASE'),
            connectionTimeoutMillis: 5000
        });
        await client.connect();
        databases.set(service, client);
        return client;
    };
    const count = async (service: string, sql: string, params: unknown[] = []) => Number((await (await database(service)).query(sql, params)).rows[0].n);
    const verdictsApplied = async () => ({
        payments: await count('ecommerce_be_pmt', "SELECT count(*) AS n FROM archgen_processed_messages WHERE channel = 'payments.processed'"),
        orders: await count('ecommerce_be_or', "SELECT count(*) AS n FROM archgen_processed_messages WHERE channel = 'payments.processed'")
    });
    const statuses = async (orderIds: readonly number[]) =>
        ((await (await database('ecommerce_be_or')).query('SELECT id, status FROM orders WHERE id = ANY($1) ORDER BY id', [orderIds])).rows as { id: number; status: string }[]);
    const paymentsOf = async (orderIds: readonly number[]) =>
        ((await (await database('ecommerce_be_pmt')).query('SELECT order_id, status, transaction_id FROM payments WHERE order_id = ANY($1) ORDER BY order_id', [orderIds]))
            .rows as { order_id: number; status: string; transaction_id: string | null }[]);

    const signUp = async (name: string, roles: { is_customer: boolean; is_seller: boolean }): Promise<string> => {
        const email = `${name}-${unique}@example.test`;
        const registered = await request(api('auth/register'), { body: { name, email, password: 'correct horse battery', ...roles }, headers: client() });
        expect(registered.status, registered.text).toBe(201);
        const login = await request(api('auth/login'), { body: { email, password: 'correct horse battery' }, headers: client() });
        expect(login.status, login.text).toBe(200);
        return (login.json as { token: string }).token;
    };
    const stockedProduct = async (name: string, quantity: number): Promise<number> => {
        const created = await request(api('products'), {
            token: seller, headers: client(),
            body: { name: `${name} ${unique}`, price: 10, category: 'faults', sku: `${name.toUpperCase()}-${unique}` }
        });
        expect(created.status, created.text).toBe(201);
        const id = (created.json as { id: number }).id;
        const stocked = await request(api('inventories'), { token: seller, headers: client(), body: { product_id: id, quantity } });
        expect(stocked.status, stocked.text).toBe(201);
        return id;
    };
    const placeOrder = (productId: number, headers = client()) =>
        request(api('orders'), { token: customer, headers, body: { order_details: [{ product_id: productId, quantity: 1 }] } });
    const placeOrders = async (productId: number, n: number): Promise<number[]> => {
        const replies = await Promise.all(Array.from({ length: n }, () => placeOrder(productId)));
        for (const reply of replies) expect(reply.status, reply.text).toBe(201);
        return replies.map(r => (r.json as { id: number }).id);
    };
    const pay = (orderId: number) => request(api('payments'), {
        token: customer, headers: client(),
        body: { order_id: orderId, payment_method: 'credit_card', card_number: '4111 1111 1111 1111', card_expiry: '12/39' }
    });
    /** Every order paid, one approved payment each with its own transaction id, and one verdict applied per payment on each side. */
    const expectPaidOnce = async (orderIds: readonly number[], verdictsBefore: { payments: number; orders: number }) => {
        expect((await statuses(orderIds)).map(o => o.status)).toEqual(orderIds.map(() => 'paid'));
        const payments = await paymentsOf(orderIds);
        expect(payments.map(p => p.order_id)).toEqual([...orderIds].sort((a, b) => a - b));
        expect(payments.every(p => p.status === 'approved' && p.transaction_id !== null)).toBe(true);
        expect(new Set(payments.map(p => p.transaction_id)).size).toBe(orderIds.length);
        // A payment processed twice would be a second verdict (another message id) applied on each side.
        expect(await verdictsApplied()).toEqual({ payments: verdictsBefore.payments + orderIds.length, orders: verdictsBefore.orders + orderIds.length });
    };

    it('starts, and a seller stocks the shop for a customer', async () => {
        expect(processes().map(p => p.label)).toContain('ecommerce_be_pmt_rep');
        seller = await signUp('seller', { is_customer: false, is_seller: true });
        customer = await signUp('customer', { is_customer: true, is_seller: false });
    });

    it('200 concurrent orders against a stock of 50: exactly 50 are placed, the stock ends at 0', async () => {
        const scarce = await stockedProduct('Scarce', 50);
        const replies: Reply[] = await Promise.all(Array.from({ length: 200 }, (_, i) => placeOrder(scarce, { 'x-forwarded-for': `203.0.113.${i + 1}` })));
        const byStatus = new Map<number, number>();
        for (const reply of replies) byStatus.set(reply.status, (byStatus.get(reply.status) ?? 0) + 1);
        expect(Object.fromEntries(byStatus), replies.find(r => r.status !== 201 && r.status !== 409)?.text).toEqual({ 201: 50, 409: 150 });
        const stock = await request(api(`inventories/${scarce}`), { headers: client() });
        expect(stock.json).toMatchObject({ product_id: scarce, quantity: 0 });
        expect(await count('ecommerce_be_inv', 'SELECT quantity AS n FROM inventories WHERE product_id = $1', [scarce])).toBe(0);
        // Every placed order holds its one line; the refused ones left nothing behind.
        const placed = replies.filter(r => r.status === 201).map(r => (r.json as { id: number }).id);
        expect(await count('ecommerce_be_or', 'SELECT count(*) AS n FROM order_details WHERE product_id = $1', [scarce])).toBe(50);
        expect(await count('ecommerce_be_or', 'SELECT count(DISTINCT order_id) AS n FROM order_details WHERE product_id = $1 AND order_id = ANY($2)', [scarce, placed])).toBe(50);
    }, 60_000);

    it('the payment processor killed (SIGKILL) while it holds payment requests: after its restart every payment is processed exactly once', async () => {
        const product = await stockedProduct('Killed', 100);
        const orders = await placeOrders(product, 24);
        const before = await verdictsApplied();
        const processor = recordOf('ecommerce_be_pmt_rep');
        const handled = () => readFileSync(processor.log, 'utf8').split('\n').filter(l => l.startsWith('{'))
            .map(l => JSON.parse(l) as { msg?: string; channel?: string; messageId?: string })
            .filter(e => e.msg === 'message handled' && e.channel === 'payments.requested');
        const handledBefore = handled().length;

        const accepted = await Promise.all(orders.map(pay));
        for (const reply of accepted) expect(reply.status, reply.text).toBe(202);
        // The processor takes 10 at a time and waits 2 s with each: once the first are handled, the next 10 are in
        // its hands, waiting, unacknowledged. Kill it then.
        await until('the processor to handle its first payment requests', async () => handled().length - handledBefore, n => n > 0, 20_000, 50);
        await new Promise(resolve => setTimeout(resolve, DELAY_MS / 4));
        process.kill(processor.pid, 'SIGKILL');
        await until('the processor to die', async () => isAlive(processor.pid), alive => !alive, 5000, 50);
        const handledAtKill = handled().length - handledBefore;
        expect(handledAtKill).toBeGreaterThan(0);
        expect(handledAtKill).toBeLessThan(orders.length);
        expect((await statuses(orders)).filter(o => o.status === 'pending').length).toBeGreaterThan(0);

        const started = await runLocalOk('start', 'ecommerce_be_pmt_rep');
        expect(started.stdout).toContain(`ecommerce_be_pmt_rep (pid ${recordOf('ecommerce_be_pmt_rep').pid}, http://127.0.0.1:${processor.ports[0]})`);
        await until('every order to be paid', () => statuses(orders), rows => rows.every(o => o.status !== 'pending'), 60_000);
        await expectPaidOnce(orders, before);
        // Every request was handled; one handled before the kill but not acknowledged comes again, and
        // publishes the very same verdict (same id), which both consumers skip.
        expect(new Set(handled().slice(handledBefore).map(e => e.messageId)).size).toBe(orders.length);
    }, 120_000);

    it('the broker restarted while payments are on their way: every accepted payment is processed once, a refused one stores nothing', async () => {
        const product = await stockedProduct('Restarted', 100);
        const orders = await placeOrders(product, 12);
        const during = await placeOrders(product, 8);
        const before = await verdictsApplied();
        const accepted = await Promise.all(orders.map(pay));
        for (const reply of accepted) expect(reply.status, reply.text).toBe(202);

        // While the broker stops and starts, customers keep paying: each payment is accepted (202) or refused (503).
        const answers = new Map<number, number>();
        const payingDuring = (async () => {
            for (const order of during) {
                answers.set(order, (await pay(order)).status);
                await new Promise(resolve => setTimeout(resolve, 1000));
            }
        })();
        await runLocalOk('restart', 'rabbitmq');
        await payingDuring;
        console.info(`faults: payments sent while the broker restarted answered ${JSON.stringify([...answers.values()])}`);
        expect([...answers.values()].every(status => status === 202 || status === 503), JSON.stringify([...answers])).toBe(true);

        const taken = [...orders, ...during.filter(o => answers.get(o) === 202)];
        const refused = during.filter(o => answers.get(o) === 503);
        await until('every accepted payment to settle its order', () => statuses(taken), rows => rows.every(o => o.status !== 'pending'), 90_000, 500);
        await expectPaidOnce(taken, before);
        // A refused payment left nothing: no row, no verdict, the order still pending.
        expect(await paymentsOf(refused)).toEqual([]);
        expect((await statuses(refused)).map(o => o.status)).toEqual(refused.map(() => 'pending'));

        // Paid again now, as its customer would, it goes through.
        const retried = await Promise.all(refused.map(pay));
        for (const reply of retried) expect(reply.status, reply.text).toBe(202);
        await until('the retried payments to settle', () => statuses(refused), rows => rows.every(o => o.status === 'paid'), 30_000, 500);
        expect(await paymentsOf(refused)).toHaveLength(refused.length);
    }, 180_000);

    it('one replica stopped behind a load balancer: requests keep succeeding, answered by the live replica only', async () => {
        const [fe1, fe2] = [recordOf('ecommerce_fe #1'), recordOf('ecommerce_fe #2')];
        const live = `127.0.0.1:${fe2.ports[0]}`;
        const answering = (reply: Reply) => (reply.headers.get('x-upstream') ?? '').split(', ').pop();

        // Requests run all along: across the stop of a frontend behind ecommerce_lb and of a products replica
        // behind the gateway.
        const replies: Reply[] = [];
        let running = true;
        const traffic = (async () => {
            while (running) replies.push(await request(api('products?limit=1'), { headers: client() }));
        })();
        try {
            await runLocalOk('stop', 'ecommerce_fe#1', 'ecommerce_be_pd#2');
            expect(isAlive(fe1.pid)).toBe(false);
            const stoppedAt = replies.length;
            await until('20 requests after the stop', async () => replies.length - stoppedAt, n => n >= 20, 20_000, 50);
            running = false;
            await traffic;
            const after = replies.slice(stoppedAt);
            expect(replies.filter(r => r.status !== 200).map(r => `${r.status} ${r.text}`)).toEqual([]);
            expect(new Set(after.map(answering))).toEqual(new Set([live]));
            expect(new Set(after.map(r => r.headers.get('x-instance')))).toEqual(new Set(['ecommerce_be_pd@ecommerce-be-pd-1']));
            // The stopped frontend failed 3 times: ecommerce_lb leaves it out (10 s), without trying it first.
            expect(after.slice(-10).map(r => r.headers.get('x-upstream'))).toEqual(Array(10).fill(live));
        } finally {
            running = false;
            await traffic;
        }

        await runLocalOk('start', 'ecommerce_fe#1', 'ecommerce_be_pd#2');
        // Back in rotation once the balancers try them again (fail_timeout 10 s).
        const seen = { upstreams: new Set<string | undefined>(), instances: new Set<string | null>() };
        await until('both replicas to answer again', async () => {
            const reply = await request(api('products?limit=1'), { headers: client() });
            expect(reply.status, reply.text).toBe(200);
            seen.upstreams.add(answering(reply));
            seen.instances.add(reply.headers.get('x-instance'));
            return seen.upstreams.size + seen.instances.size;
        }, n => n === 4, 30_000, 100);
        expect([...seen.instances].sort()).toEqual(['ecommerce_be_pd@ecommerce-be-pd-1', 'ecommerce_be_pd@ecommerce-be-pd-2']);
    }, 120_000);

    it('a service calls the replicas of another in turn (no balancer between them), and only the live one when the other is stopped', async () => {
        const product = await stockedProduct('Calls', 100);
        const labels = ['ecommerce_be_pd #1', 'ecommerce_be_pd #2'];
        // The orders service looks up each line's price: GET /api/products/<id> on a products replica, as each logs.
        const lookups = () => labels.map(label => readFileSync(recordOf(label).log, 'utf8').split('\n').filter(l => l.startsWith('{'))
            .map(l => JSON.parse(l) as { msg?: string; method?: string; url?: string })
            .filter(e => e.msg === 'request' && e.method === 'GET' && e.url === `/api/products/${product}`).length);
        const priced = () => count('ecommerce_be_or', 'SELECT count(*) AS n FROM order_details WHERE product_id = $1 AND total_price = 10', [product]);

        // One at a time: each orders replica takes the products replicas in turn, so both answer some.
        for (let i = 0; i < 6; i++) await placeOrders(product, 1);
        const [first, second] = await until('six lookups', async () => lookups(), ([a, b]) => a! + b! === 6, 10_000, 50);
        expect(first).toBeGreaterThan(0);
        expect(second).toBeGreaterThan(0);

        await runLocalOk('stop', 'ecommerce_be_pd#1');
        try {
            const placed = await placeOrders(product, 6);
            expect(placed).toHaveLength(6);
            expect(await until('the live replica to answer the next six', async () => lookups(), ([, b]) => b! >= second! + 6, 10_000, 50))
                .toEqual([first, second! + 6]);
            expect(await priced()).toBe(12);
        } finally {
            await runLocalOk('start', 'ecommerce_be_pd#1');
        }
    }, 120_000);
});
