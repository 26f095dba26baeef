// @ts-check
/**
 * npm run load: the e-commerce example under load, on this machine.
 *
 *   npm run load                      20 s per scenario and path, 16 at a time
 *   npm run load -- --duration 60 --concurrency 32 --scenarios listing --out /tmp/load.json
 *
 * Generates examples/ecommerce.arch into a temporary folder, starts it with its
 * run-local.sh (PostgreSQL, RabbitMQ, nginx, the services), seeds a seller,
 * products with plenty of stock and a customer, then drives two scenarios,
 * each twice: through the public URL (load balancer -> frontend -> gateway ->
 * service) and straight to the services (the ports run-local gave them; the
 * X-User-Id header the gateway would set, sent by hand):
 *   listing   GET /api/products?limit=20
 *   purchase  POST /api/orders (one line), POST /api/payments, then GET /api/orders/:id
 *             until the order is paid (through RabbitMQ and the payment processor)
 * Prints requests (or flows) per second and p50/p99 latency side by side, with
 * the ratio public / direct (what the load balancer, frontend and gateway
 * cost), writes the numbers as JSON, and stops everything, also on failure
 * or Ctrl-C.
 *
 * The gateway limits each client to 20 requests per second: the driver plays
 * many clients, each request carrying an X-Forwarded-For address of its own
 * from the documentation ranges (762 of them), as traffic of many customers
 * would. The payment processor's delay (30 s in the model) is 0 here unless
 * --payment-delay-ms says otherwise.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { LoadError, closedLoop, expectStatus, keepAliveAgent, send, summary } from './driver.mjs';
import { generateSystem, machine, teardown, up } from './system.mjs';

const USAGE = `Usage: npm run load -- [options]

  --duration <s>          measured seconds per scenario and path (default 20)
  --warmup <s>            seconds before each measurement, not counted (default 2)
  --concurrency <n>       requests (or purchase flows) in flight at once (default 16)
  --scenarios <list>      listing,purchase (default both)
  --products <n>          products seeded, each with 1e9 in stock (default 20)
  --payment-delay-ms <n>  PAYMENTS_REQUESTED_DELAY_MS of the processor (default 0; the model says 30000)
  --poll-ms <n>           how often a purchase asks whether its order is paid (default 10)
  --out <file>            where the JSON goes (default: a new file in ${join(tmpdir(), 'archgen-load')})
`;

const MODEL = 'examples/ecommerce.arch';
/** The units of examples/ecommerce.arch run-local names (their ports are `<unit>:3000#<replica>`). */
const UNITS = { products: 'ecommerce-be-pd', orders: 'ecommerce-be-or', payments: 'ecommerce-be-pmt' };
const STOCK = 1_000_000_000;
const SETTLE_TIMEOUT_MS = 30_000;

/** @param {string} name @param {string} raw @param {number} min */
function number(name, raw, min) {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be a number of at least ${min}, not '${raw}'.`);
    return value;
}

function options() {
    const { values } = parseArgs({
        options: {
            duration: { type: 'string', default: '20' },
            warmup: { type: 'string', default: '2' },
            concurrency: { type: 'string', default: '16' },
            scenarios: { type: 'string', default: 'listing,purchase' },
            products: { type: 'string', default: '20' },
            'payment-delay-ms': { type: 'string', default: '0' },
            'poll-ms': { type: 'string', default: '10' },
            out: { type: 'string' },
            help: { type: 'boolean', short: 'h' }
        }
    });
    if (values.help) {
        process.stdout.write(USAGE);
        process.exit(0);
    }
    const scenarios = values.scenarios.split(',').map(s => s.trim()).filter(Boolean);
    const unknown = scenarios.filter(s => s !== 'listing' && s !== 'purchase');
    if (unknown.length > 0 || scenarios.length === 0) throw new Error(`--scenarios takes listing and/or purchase, not '${values.scenarios}'.`);
    return {
        durationMs: number('duration', values.duration, 1) * 1000,
        warmupMs: number('warmup', values.warmup, 0) * 1000,
        concurrency: Math.floor(number('concurrency', values.concurrency, 1)),
        scenarios,
        products: Math.floor(number('products', values.products, 1)),
        paymentDelayMs: Math.floor(number('payment-delay-ms', values['payment-delay-ms'], 0)),
        pollMs: number('poll-ms', values['poll-ms'], 1),
        out: values.out ?? join(tmpdir(), 'archgen-load', `ecommerce-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
    };
}

/** Client addresses of TEST-NET-1, -2 and -3 in turn: each request a client of its own for the gateway's rate limit. */
let nextClient = 0;
function client() {
    const n = nextClient++ % 762;
    const [net, host] = n < 254 ? ['203.0.113', n] : n < 508 ? ['198.51.100', n - 254] : ['192.0.2', n - 508];
    return { 'x-forwarded-for': `${net}.${host + 1}` };
}

const sleep = (/** @type {number} */ ms) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * The two ways in. `public`: the URL run-local printed, with the customer's token. `direct`: a service replica's
 * own port (worker w on replica w mod n), with the X-User-Id header the gateway would add.
 * @typedef {{ name: 'public' | 'direct', base(service: keyof typeof UNITS, worker: number): string, headers(): Record<string, string> }} Path
 */

/**
 * @param {string} url
 * @param {Record<string, number>} ports
 * @param {{ token: string, id: number }} customer
 * @returns {Path[]}
 */
function paths(url, ports, customer) {
    /** @param {string} unit */
    const replicas = unit => Object.keys(ports).filter(key => key.startsWith(`${unit}:3000#`)).sort().map(key => ports[key]);
    const direct = Object.fromEntries(Object.entries(UNITS).map(([service, unit]) => [service, replicas(unit)]));
    return [
        { name: 'public', base: () => `${url}api`, headers: () => ({ ...client(), authorization: `Bearer ${customer.token}` }) },
        {
            name: 'direct',
            base: (service, worker) => {
                const list = direct[service];
                return `http://127.0.0.1:${list[worker % list.length]}/api`;
            },
            headers: () => ({ 'x-user-id': String(customer.id) })
        }
    ];
}

/**
 * A seller, `count` products with plenty of stock, a customer: through the public URL, as users would.
 * @param {import('node:http').Agent} agent
 * @param {string} url
 * @param {number} count
 */
async function seed(agent, url, count) {
    const unique = Date.now().toString(36);
    const account = async (/** @type {string} */ name, /** @type {object} */ roles) => {
        const email = `${name}-${unique}@example.test`;
        const registered = expectStatus(await send(agent, `${url}api/auth/register`, {
            headers: client(), body: { name, email, password: 'correct horse battery', ...roles }
        }), 201, 'register').json();
        const login = expectStatus(await send(agent, `${url}api/auth/login`, { headers: client(), body: { email, password: 'correct horse battery' } }), 200, 'login').json();
        return { id: /** @type {number} */ (registered.id), token: /** @type {string} */ (login.token) };
    };
    const seller = await account('seller', { is_customer: false, is_seller: true });
    const customer = await account('customer', { is_customer: true, is_seller: false });
    const auth = { authorization: `Bearer ${seller.token}` };
    /** @type {number[]} */
    const products = [];
    for (let i = 0; i < count; i++) {
        const product = expectStatus(await send(agent, `${url}api/products`, {
            headers: { ...client(), ...auth },
            body: { name: `Load item ${i} ${unique}`, price: 5 + i, category: `load-${i % 4}`, sku: `LOAD-${unique}-${i}` }
        }), 201, 'POST /api/products').json();
        expectStatus(await send(agent, `${url}api/inventories`, { headers: { ...client(), ...auth }, body: { product_id: product.id, quantity: STOCK } }), 201, 'POST /api/inventories');
        products.push(product.id);
    }
    return { customer, products };
}

/**
 * @param {import('node:http').Agent} agent
 * @param {Path} path
 */
function listing(agent, path) {
    return /** @type {import('./driver.mjs').LoopOptions['task']} */ (async ({ worker }) => {
        expectStatus(await send(agent, `${path.base('products', worker)}/products?limit=20`, { headers: path.headers() }), 200, 'GET /api/products');
    });
}

/**
 * Order, pay, wait for paid. Counts the polls in `polls.count`.
 * @param {import('node:http').Agent} agent
 * @param {Path} path
 * @param {readonly number[]} products
 * @param {number} pollMs
 * @param {{ count: number }} polls
 */
function purchase(agent, path, products, pollMs, polls) {
    return /** @type {import('./driver.mjs').LoopOptions['task']} */ (async ({ worker, iteration, step }) => {
        const product = products[(worker * 7 + iteration) % products.length];
        const t0 = performance.now();
        const order = expectStatus(await send(agent, `${path.base('orders', worker)}/orders`, {
            headers: path.headers(), body: { order_details: [{ product_id: product, quantity: 1 }] }
        }), 201, 'POST /api/orders').json();
        const t1 = performance.now();
        expectStatus(await send(agent, `${path.base('payments', worker)}/payments`, {
            headers: path.headers(), body: { order_id: order.id, payment_method: 'credit_card', card_number: '4111 1111 1111 1111', card_expiry: '12/39' }
        }), 202, 'POST /api/payments');
        const t2 = performance.now();
        for (;;) {
            polls.count++;
            const status = expectStatus(await send(agent, `${path.base('orders', worker)}/orders/${order.id}`, { headers: path.headers() }), 200, 'GET /api/orders/:id').json().status;
            if (status === 'paid') break;
            if (status !== 'pending') throw new LoadError(`order ${status}`);
            if (performance.now() - t2 > SETTLE_TIMEOUT_MS) throw new LoadError(`not paid within ${SETTLE_TIMEOUT_MS / 1000} s`);
            await sleep(pollMs);
        }
        const t3 = performance.now();
        step('order', t1 - t0);
        step('pay', t2 - t1);
        step('settle', t3 - t2);
    });
}

const fixed = (/** @type {number} */ value, /** @type {number} */ digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
/** @param {string[][]} rows */
const table = rows => {
    const widths = rows[0].map((_, column) => Math.max(...rows.map(row => row[column].length)));
    return rows.map(row => row.map((cell, column) => (column >= 3 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd()).join('\n');
};

/** @param {any[]} results @param {any[]} ratios */
function report(results, ratios) {
    /** @type {string[][]} */
    const rows = [['SCENARIO', 'PATH', 'WHAT', 'N', 'ERRORS', 'PER S', 'P50 MS', 'P99 MS']];
    for (const r of results) {
        rows.push([r.scenario, r.path, r.unit, String(r.count), String(r.errors), fixed(r.perSecond), fixed(r.p50, 2), fixed(r.p99, 2)]);
        for (const [name, s] of Object.entries(r.steps)) rows.push(['', '', `  ${name}`, '', '', '', fixed(s.p50, 2), fixed(s.p99, 2)]);
    }
    for (const q of ratios) rows.push([q.scenario, 'public/direct', q.unit, '', '', `${fixed(q.perSecond, 2)}x`, `${fixed(q.p50, 2)}x`, `${fixed(q.p99, 2)}x`]);
    return table(rows);
}

async function main() {
    let settings;
    try {
        settings = options();
    } catch (error) {
        process.stderr.write(`load: ${/** @type {Error} */ (error).message}\n${USAGE}`);
        return 2;
    }
    const abort = new AbortController();
    const onSignal = (/** @type {string} */ signal) => {
        process.stderr.write(`load: ${signal}: stopping the run, then the system.\n`);
        abort.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const host = machine();
    process.stderr.write(`load: generating ${MODEL}\n`);
    const dir = await generateSystem(MODEL);
    const agent = keepAliveAgent(settings.concurrency * 2);
    try {
        process.stderr.write(`load: ./run-local.sh up in ${dir} (the first one installs and builds the services)\n`);
        const { url, state } = await up(dir, { PAYMENTS_REQUESTED_DELAY_MS: String(settings.paymentDelayMs) });
        process.stderr.write(`load: up at ${url}; seeding ${settings.products} products\n`);
        const { customer, products } = await seed(agent, url, settings.products);
        /** @type {any[]} */
        const results = [];
        for (const scenario of settings.scenarios) {
            for (const path of paths(url, state.ports, customer)) {
                if (abort.signal.aborted) break;
                process.stderr.write(`load: ${scenario} ${path.name}: ${settings.warmupMs / 1000} s warm-up, ${settings.durationMs / 1000} s measured, ${settings.concurrency} at a time\n`);
                const polls = { count: 0 };
                const task = scenario === 'listing' ? listing(agent, path) : purchase(agent, path, products, settings.pollMs, polls);
                const measured = summary(await closedLoop({ concurrency: settings.concurrency, durationMs: settings.durationMs, warmupMs: settings.warmupMs, task, signal: abort.signal }));
                results.push({
                    scenario, path: path.name, unit: scenario === 'listing' ? 'requests' : 'flows', ...measured,
                    ...(scenario === 'purchase' ? { pollsPerFlow: Math.round((polls.count / Math.max(1, measured.count)) * 10) / 10 } : {})
                });
                await sleep(1000);
            }
        }
        if (abort.signal.aborted) throw new Error('Interrupted.');
        const ratios = settings.scenarios.map(scenario => {
            const [pub, direct] = ['public', 'direct'].map(name => results.find(r => r.scenario === scenario && r.path === name));
            return {
                scenario, unit: pub.unit,
                perSecond: pub.perSecond / direct.perSecond, p50: pub.p50 / direct.p50, p99: pub.p99 / direct.p99
            };
        });
        const text = report(results, ratios);
        process.stdout.write(`${text}\n`);
        const failed = results.filter(r => r.errors > 0);
        for (const r of failed) process.stdout.write(`errors in ${r.scenario} ${r.path}: ${JSON.stringify(r.errorKinds)}\n`);
        mkdirSync(dirname(settings.out), { recursive: true });
        writeFileSync(settings.out, `${JSON.stringify({
            model: MODEL, at: new Date().toISOString(), machine: host,
            settings: { ...settings, processes: state.processes.length, driver: 'closed loop, node:http keep-alive, same machine' },
            results, ratios
        }, null, 2)}\n`);
        process.stdout.write(`load: JSON in ${settings.out}\n`);
        return failed.length > 0 ? 1 : 0;
    } finally {
        agent.destroy();
        process.stderr.write('load: stopping the system (run-local.sh down, clean)\n');
        await teardown(dir);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
    }
}

main().then(
    code => {
        process.exitCode = code;
    },
    error => {
        process.stderr.write(`load: ${error?.stack ?? error}\n`);
        process.exitCode = 1;
    }
);
