/**
 * The generated nginx configuration, on a real nginx.
 *
 * 1. `nginx -t` accepts every rendered config of every example, rendered with
 *    the compose environment and with a native address book.
 * 2. The gateways and load balancers of examples/ecommerce.arch and
 *    examples/lab.arch, rendered natively (127.0.0.1, free ports), in front of
 *    small fake services: routing, JWT checks through auth_request, roles,
 *    X-User-* headers, CORS, body size, rate limit, balancing and passive health.
 *
 * Skipped, with the reason, where nginx is missing; under CI=true that is a failure.
 */
import { readdirSync, mkdirSync, writeFileSync, rmSync, mkdtempSync, chmodSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ArchitectureModel, type Component, findComponent } from '@archgen/model';
import { type AddressBook, type GeneratedFile, environmentFor } from '@archgen/generator';
import { runManifest } from '../packages/generator/src/engine/run.js';
import { templateSet } from '../packages/generator/src/engine/templates.js';
import { nginxManifest } from '../packages/generator/src/targets/compose/nginx.js';
import { frontAndGatewayModel, seedDialectModel } from '../packages/generator/src/test-support/nginx.js';
import { loadModel } from './support/models.js';
import {
    HOST, type RunningNginx, checkNginx, freePort, hostsWrapper, nginxAvailability, prepareNginx, sleep, startNginx
} from './support/nginx.js';

const examplesDir = new URL('../examples/', import.meta.url);

/**
 * The nginx part of the compose target (frontends, gateways, load balancers): what generate() writes for them,
 * without the rest of the tree.
 */
const nginxFiles = (model: ArchitectureModel): GeneratedFile[] => runManifest(model, nginxManifest, templateSet());

const NGINX_KINDS = new Set(['frontend', 'api_gateway', 'load_balancer']);
const nginxComponents = (model: ArchitectureModel): Component[] => model.components.filter(c => NGINX_KINDS.has(c.kind));

function template(files: readonly GeneratedFile[], component: Component): string {
    const found = files.find(f => f.path.endsWith(`/${component.serviceName}/default.conf.template`));
    if (!found) throw new Error(`No default.conf.template for ${component.name}.`);
    return found.content;
}

/** Every component on 127.0.0.1 at the ports given (several = replicas); frontends' files under `staticRoot`. */
function nativeBook(ports: ReadonlyMap<string, readonly number[]>, staticRoot = '/srv/archgen-static'): AddressBook {
    const of = (serviceName: string): readonly number[] => {
        const list = ports.get(serviceName);
        if (!list || list.length === 0) throw new Error(`No native port for '${serviceName}'.`);
        return list;
    };
    return {
        host: () => HOST,
        port: serviceName => of(serviceName)[0]!,
        secret: name => `native-${name}`,
        setting: (_name, value) => value,
        replicas: serviceName => of(serviceName).map(port => `${HOST}:${port}`),
        listenHost: () => HOST,
        staticRoot: serviceName => join(staticRoot, serviceName)
    };
}

const availability = nginxAvailability();
const runNginx = availability.available || process.env['CI'] === 'true';
const skipped = availability.available ? '' : ` (skipped: ${availability.reason})`;

// ---------------------------------------------------------------- nginx -t

const exampleNames = readdirSync(examplesDir).filter(f => f.endsWith('.arch')).sort();
const VARIANTS: Readonly<Record<string, ArchitectureModel>> = { seed: seedDialectModel, front: frontAndGatewayModel };

describe.skipIf(!runNginx)(`nginx -t on every generated nginx config${skipped}`, () => {
    test.each(exampleNames)('%s, natively rendered', async name => {
        const model = await loadModel(`examples/${name}`);
        const files = nginxFiles(model);
        let next = 20000;
        const ports = new Map(model.components.map(c => [c.serviceName, [next++, next++]]));
        for (const component of nginxComponents(model)) {
            const folder = prepareNginx(template(files, component), environmentFor(model, component, nativeBook(ports)), 'check');
            try {
                expect(folder.rendered).not.toMatch(/\$\{[A-Z0-9_]+\}/);
                expect(checkNginx(folder), `${component.name}:\n${folder.rendered}`).toBeUndefined();
            } finally {
                rmSync(folder.folder, { recursive: true, force: true });
            }
        }
    });

    test.each(Object.entries(VARIANTS))('the %s fixture (strategies, any-origin CORS, per-minute rate), natively rendered', (_name, model) => {
        const files = nginxFiles(model);
        let next = 21000;
        const ports = new Map(model.components.map(c => [c.serviceName, [next++, next++]]));
        for (const component of nginxComponents(model)) {
            const folder = prepareNginx(template(files, component), environmentFor(model, component, nativeBook(ports)), 'check');
            try {
                expect(checkNginx(folder), `${component.name}:\n${folder.rendered}`).toBeUndefined();
            } finally {
                rmSync(folder.folder, { recursive: true, force: true });
            }
        }
    });

    test.each(exampleNames)('%s, rendered with the compose environment', async name => {
        const model = await loadModel(`examples/${name}`);
        const files = nginxFiles(model);
        // Compose resolves service names on its networks; here a private /etc/hosts does.
        const hosts = hostsWrapper(model.components.map(c => c.serviceName));
        for (const component of nginxComponents(model)) {
            const env = environmentFor(model, component);
            const folder = prepareNginx(template(files, component), hosts ? env : env.map(v => ({
                name: v.name,
                value: model.components.reduce((value, c) => value.replaceAll(`${c.serviceName}:`, `${HOST}:`).replace(new RegExp(`^${c.serviceName}$`), HOST), v.value)
            })), 'check');
            try {
                expect(folder.rendered).toContain('listen 0.0.0.0:8080;');
                expect(checkNginx(folder, hosts?.wrap), `${component.name}:\n${folder.rendered}`).toBeUndefined();
            } finally {
                rmSync(folder.folder, { recursive: true, force: true });
            }
        }
        hosts?.cleanup();
    });
});

// ---------------------------------------------------------------- fake services

interface Seen {
    readonly service: string;
    readonly method: string;
    readonly path: string;
    readonly headers: IncomingMessage['headers'];
}

interface Fake {
    readonly name: string;
    readonly port: number;
    readonly seen: Seen[];
    stop(): Promise<void>;
}

const USERS: Readonly<Record<string, { id: string; roles: string[] }>> = {
    'Bearer customer-token': { id: '7', roles: ['customer'] },
    'Bearer seller-token': { id: '9', roles: ['seller'] }
};

/** The issuer's GET /api/auth/verify, as the services implement it. */
function verify(req: IncomingMessage, res: ServerResponse): void {
    const user = USERS[req.headers.authorization ?? ''];
    const isPublic = req.headers['x-archgen-public'] === '1';
    const needed = String(req.headers['x-archgen-roles'] ?? '').split(',').filter(Boolean);
    if (!user) {
        res.writeHead(isPublic ? 200 : 401).end();
        return;
    }
    if (!isPublic && needed.length > 0 && !needed.some(r => user.roles.includes(r))) {
        res.writeHead(403).end();
        return;
    }
    res.writeHead(200, { 'X-User-Id': user.id, 'X-User-Roles': user.roles.join(',') }).end();
}

/** An HTTP server on 127.0.0.1 that echoes what it received, named by `X-Instance`. */
async function fake(name: string, options: { issuer?: boolean } = {}): Promise<Fake> {
    const seen: Seen[] = [];
    const server: Server = createServer((req, res) => {
        const path = req.url ?? '/';
        seen.push({ service: name, method: req.method ?? '', path, headers: req.headers });
        req.resume();
        req.on('end', () => {
            if (options.issuer && path.startsWith('/api/auth/verify')) return verify(req, res);
            // `?status=409`: answer that status, as a service's own error.
            const status = Number(new URL(path, 'http://x').searchParams.get('status') ?? 200);
            res.writeHead(status, { 'Content-Type': 'application/json', 'X-Instance': name });
            res.end(JSON.stringify({
                service: name,
                method: req.method,
                path,
                userId: req.headers['x-user-id'] ?? null,
                userRoles: req.headers['x-user-roles'] ?? null
            }));
        });
    });
    await new Promise<void>(resolve => server.listen(0, HOST, resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    let stopped = false;
    return {
        name, port, seen,
        stop: async () => {
            if (stopped) return;
            stopped = true;
            server.closeAllConnections();
            await new Promise<void>(resolve => server.close(() => resolve()));
        }
    };
}

interface Answer {
    readonly status: number;
    readonly headers: Headers;
    readonly body: string;
    json<T = Record<string, unknown>>(): T;
}

async function call(port: number, path: string, init: RequestInit = {}): Promise<Answer> {
    const response = await fetch(`http://${HOST}:${port}${path}`, init);
    const body = await response.text();
    return { status: response.status, headers: response.headers, body, json: <T>() => JSON.parse(body) as T };
}

/** A request with the path exactly as written (fetch would resolve `..`). */
function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = request({ host: HOST, port, path, method: 'GET', headers }, res => {
            let body = '';
            res.on('data', chunk => (body += String(chunk)));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
    });
}

interface Echo {
    service: string;
    method: string;
    path: string;
    userId: string | null;
    userRoles: string | null;
}

// ---------------------------------------------------------------- e-commerce: gateway, load balancer, frontend

describe.skipIf(!runNginx)(`the e-commerce gateway, load balancer and frontend on nginx${skipped}`, () => {
    const fakes = new Map<string, Fake>();
    const running: RunningNginx[] = [];
    let model: ArchitectureModel;
    let gw = 0;
    let lb = 0;
    let fe = 0;
    let site = '';
    const backend = (name: string) => fakes.get(findComponent(model, name)!.serviceName)!;

    beforeAll(async () => {
        model = await loadModel('examples/ecommerce.arch');
        const files = nginxFiles(model);
        const gateway = findComponent(model, 'ecommerce_ag_us')!;
        const balancer = findComponent(model, 'ecommerce_lb')!;
        const frontend = findComponent(model, 'ecommerce_fe')!;
        for (const name of ['ecommerce_be_usr', 'ecommerce_be_pd', 'ecommerce_be_inv', 'ecommerce_be_or', 'ecommerce_be_pmt']) {
            const c = findComponent(model, name)!;
            fakes.set(c.serviceName, await fake(c.serviceName, { issuer: name === 'ecommerce_be_usr' }));
        }
        fakes.set('fe-1', await fake('fe-1'));
        fakes.set('fe-2', await fake('fe-2'));
        [gw, lb, fe] = [await freePort(), await freePort(), await freePort()];
        site = mkdtempSync(join(tmpdir(), 'archgen-site-'));
        chmodSync(site, 0o755);
        for (const f of files.filter(f => f.path.startsWith(`frontends/${frontend.serviceName}/public/`))) {
            const path = join(site, frontend.serviceName, f.path.slice(`frontends/${frontend.serviceName}/public/`.length));
            mkdirSync(dirname(path), { recursive: true });
            writeFileSync(path, f.content);
        }
        const ports = new Map<string, number[]>([
            ...[...fakes.values()].filter(f => !f.name.startsWith('fe-')).map(f => [f.name, [f.port]] as [string, number[]]),
            [gateway.serviceName, [gw]],
            // The balancer sees two frontend replicas: the fakes, so one can be stopped.
            [frontend.serviceName, [fakes.get('fe-1')!.port, fakes.get('fe-2')!.port]]
        ]);
        const start = async (component: Component, port: number, book: AddressBook) => {
            const folder = prepareNginx(template(files, component), environmentFor(model, component, book), component.serviceName);
            running.push(await startNginx(folder, port));
        };
        await start(gateway, gw, nativeBook(ports));
        await start(balancer, lb, nativeBook(new Map([...ports, [balancer.serviceName, [lb]]])));
        await start(frontend, fe, nativeBook(new Map([...ports, [frontend.serviceName, [fe]]]), site));
    });

    afterAll(async () => {
        await Promise.all(running.map(n => n.stop()));
        await Promise.all([...fakes.values()].map(f => f.stop()));
        if (site) rmSync(site, { recursive: true, force: true });
    });

    const customer = { Authorization: 'Bearer customer-token' };
    const seller = { Authorization: 'Bearer seller-token' };

    test('answers /health itself', async () => {
        for (const port of [gw, lb, fe]) {
            const health = await call(port, '/health');
            expect(health.status).toBe(200);
            expect(health.json()).toMatchObject({ status: 'ok' });
        }
    });

    test('routes each prefix, and everything below it, to its service', async () => {
        const cases: [string, string][] = [
            ['/api/products', 'ecommerce_be_pd'],
            ['/api/products/12?q=lamp', 'ecommerce_be_pd'],
            ['/api/inventories/3', 'ecommerce_be_inv'],
            ['/api/order-details', 'ecommerce_be_or'],
            ['/api/orders/5', 'ecommerce_be_or'],
            ['/api/users/7', 'ecommerce_be_usr'],
            ['/api/payments', 'ecommerce_be_pmt']
        ];
        for (const [path, service] of cases) {
            const answer = await call(gw, path, { headers: customer });
            expect(answer.status, path).toBe(200);
            expect(answer.json<Echo>(), path).toMatchObject({ service: backend(service).name, path, method: 'GET' });
            expect(answer.headers.get('x-instance')).toBe(backend(service).name);
        }
        const unknown = await call(gw, '/api/productsx', { headers: customer });
        expect(unknown.status).toBe(404);
        expect(unknown.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
        expect((await call(gw, '/elsewhere')).status).toBe(404);
    });

    test('refuses a protected route without a valid token (401, JSON)', async () => {
        for (const headers of [{}, { Authorization: 'Bearer forged' }] as Record<string, string>[]) {
            const answer = await call(gw, '/api/orders', { headers });
            expect(answer.status).toBe(401);
            expect(answer.headers.get('content-type')).toContain('application/json');
            expect(answer.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
        }
        // The decision is taken on the normalised path, the one that picked the route.
        expect((await rawGet(gw, '/api/products/../orders')).status).toBe(401);
        expect(backend('ecommerce_be_or').seen.some(s => s.path.includes('..'))).toBe(false);
    });

    test('lets anyone GET a public route, and only the public methods', async () => {
        const list = await call(gw, '/api/products');
        expect(list.status).toBe(200);
        expect(list.json<Echo>()).toMatchObject({ service: backend('ecommerce_be_pd').name, userId: null });
        expect((await call(gw, '/api/inventories/4')).status).toBe(200);
        expect((await call(gw, '/api/products', { method: 'POST', body: '{}' })).status).toBe(401);
        const login = await call(gw, '/api/auth/login', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
        expect(login.status).toBe(200);
        expect(login.json<Echo>()).toMatchObject({ service: backend('ecommerce_be_usr').name, method: 'POST', path: '/api/auth/login' });
        const checks = backend('ecommerce_be_usr').seen.filter(s => s.path === '/api/auth/verify');
        expect(checks.at(-1)?.headers['x-archgen-public']).toBe('1');
    });

    test('refuses a restricted method to the wrong role (403), allows the right one', async () => {
        const wrong = await call(gw, '/api/products', { method: 'POST', headers: { ...customer, 'Content-Type': 'application/json' }, body: '{}' });
        expect(wrong.status).toBe(403);
        expect(wrong.json()).toMatchObject({ statusCode: 403, error: 'Forbidden' });
        expect((await call(gw, '/api/products/5', { method: 'DELETE', headers: customer })).status).toBe(403);
        const right = await call(gw, '/api/products', { method: 'POST', headers: { ...seller, 'Content-Type': 'application/json' }, body: '{}' });
        expect(right.status).toBe(200);
        expect(right.json<Echo>()).toMatchObject({ method: 'POST', userId: '9', userRoles: 'seller' });
        // GET /api/orders is not restricted: any signed-in user; POST is for customers.
        expect((await call(gw, '/api/orders', { headers: seller })).status).toBe(200);
        expect((await call(gw, '/api/orders', { method: 'POST', headers: seller, body: '{}' })).status).toBe(403);
        expect((await call(gw, '/api/orders', { method: 'POST', headers: customer, body: '{}' })).status).toBe(200);
        const checks = backend('ecommerce_be_usr').seen.filter(s => s.path === '/api/auth/verify');
        expect(checks.some(s => s.headers['x-archgen-roles'] === 'seller' && s.headers['x-archgen-public'] === '0')).toBe(true);
    });

    test('forwards the verified X-User-* headers and drops the ones a client sends', async () => {
        const forged = { 'X-User-Id': '999', 'X-User-Roles': 'admin', 'X-Archgen-Public': '1' };
        const signedIn = await call(gw, '/api/orders/1', { headers: { ...customer, ...forged } });
        expect(signedIn.json<Echo>()).toMatchObject({ userId: '7', userRoles: 'customer' });
        const anonymous = await call(gw, '/api/products', { headers: forged });
        expect(anonymous.json<Echo>()).toMatchObject({ userId: null, userRoles: null });
        const seen = backend('ecommerce_be_pd').seen.at(-1)!;
        expect(seen.headers['x-archgen-public']).toBeUndefined();
        // Forged headers do not open a protected route either.
        expect((await call(gw, '/api/orders', { headers: forged })).status).toBe(401);
    });

    test('answers CORS preflights, with headers for the listed origin only', async () => {
        const preflight = (origin: string) => call(gw, '/api/orders', {
            method: 'OPTIONS',
            headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' }
        });
        const allowed = await preflight('http://localhost:8080');
        expect(allowed.status).toBe(204);
        expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:8080');
        expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
        expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
        const other = await preflight('http://evil.example');
        expect(other.status).toBe(204);
        expect(other.headers.get('access-control-allow-origin')).toBeNull();
        expect(other.headers.get('access-control-allow-methods')).toBeNull();
        const simple = await call(gw, '/api/products', { headers: { Origin: 'http://localhost:8080' } });
        expect(simple.headers.get('access-control-allow-origin')).toBe('http://localhost:8080');
        expect(simple.headers.get('access-control-expose-headers')).toContain('X-Instance');
        const refusal = await call(gw, '/api/orders', { headers: { Origin: 'http://localhost:8080' } });
        expect(refusal.status).toBe(401);
        expect(refusal.headers.get('access-control-allow-origin')).toBe('http://localhost:8080');
    });

    test('passes the services\' own answers through, errors included', async () => {
        const conflict = await call(gw, '/api/orders?status=409', { method: 'POST', headers: customer, body: '{}' });
        expect(conflict.status).toBe(409);
        expect(conflict.json<Echo>()).toMatchObject({ service: backend('ecommerce_be_or').name });
        const badLogin = await call(gw, '/api/auth/login?status=401', { method: 'POST', body: '{}' });
        expect(badLogin.status).toBe(401);
        expect(badLogin.json<Echo>()).toMatchObject({ service: backend('ecommerce_be_usr').name, path: '/api/auth/login?status=401' });
        const missing = await call(gw, '/api/products/99?status=404');
        expect(missing.status).toBe(404);
        expect(missing.json<Echo>()).toMatchObject({ service: backend('ecommerce_be_pd').name });
    });

    test('refuses a body over max_body (413, JSON)', async () => {
        const big = 'x'.repeat(2 * 1024 * 1024);
        const answer = await call(gw, '/api/products', { method: 'POST', headers: { ...seller, 'Content-Type': 'text/plain' }, body: big });
        expect(answer.status).toBe(413);
        expect(answer.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
        const fits = await call(gw, '/api/products', { method: 'POST', headers: { ...seller, 'Content-Type': 'text/plain' }, body: 'x'.repeat(512 * 1024) });
        expect(fits.status).toBe(200);
    });

    test('the frontend serves its page and bundled Bootstrap, and passes /api/ to the gateway', async () => {
        const page = await call(fe, '/');
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toContain('text/html');
        expect(page.body).toContain('<title>ecommerce</title>');
        const css = await call(fe, '/vendor/bootstrap.min.css');
        expect(css.status).toBe(200);
        expect(css.headers.get('content-type')).toContain('text/css');
        expect((await call(fe, '/app.js')).headers.get('content-type')).toContain('javascript');
        const api = await call(fe, '/api/products');
        expect(api.status).toBe(200);
        expect(api.json<Echo>()).toMatchObject({ service: backend('ecommerce_be_pd').name });
        expect((await call(fe, '/api/orders')).status).toBe(401);
    });

    test('the load balancer alternates between two replicas and names the one that answered', async () => {
        const names: string[] = [];
        for (let i = 0; i < 4; i++) {
            const answer = await call(lb, '/', { headers: { 'X-Probe': String(i) } });
            expect(answer.status).toBe(200);
            names.push(answer.json<Echo>().service);
            const instance = answer.headers.get('x-instance');
            expect(answer.headers.get('x-upstream')).toBe(`${HOST}:${fakes.get(instance!)!.port}`);
        }
        expect(new Set(names)).toEqual(new Set(['fe-1', 'fe-2']));
        expect(names[0]).not.toBe(names[1]);
        expect(names[2]).not.toBe(names[3]);
    });

    test('the load balancer routes around a replica that is down (passive health)', async () => {
        await fakes.get('fe-2')!.stop();
        for (let i = 0; i < 6; i++) {
            const answer = await call(lb, `/page/${i}`);
            expect(answer.status).toBe(200);
            expect(answer.json<Echo>().service).toBe('fe-1');
        }
        await fakes.get('fe-1')!.stop();
        const none = await call(lb, '/');
        expect(none.status).toBe(502);
        expect(none.json()).toMatchObject({ statusCode: 502, error: 'Bad Gateway' });
    });

    // Last: it empties the gateway's rate-limit bucket for this address.
    test('answers 429 once a burst goes beyond the limit', async () => {
        // Let the bucket refill (ecommerce.arch: 20 per second, burst 40), then go beyond it.
        await sleep(2_200);
        const statuses: number[] = [];
        for (let round = 0; round < 20 && !statuses.includes(429); round++) {
            const answers = await Promise.all(Array.from({ length: 25 }, () => call(gw, '/api/products')));
            statuses.push(...answers.map(a => a.status));
            const limited = answers.find(a => a.status === 429);
            if (limited) expect(limited.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
        }
        expect(statuses).toContain(429);
        // The burst (40) passed before the limit applied.
        expect(statuses.filter(s => s === 200).length).toBeGreaterThanOrEqual(40);
    });
});

// ---------------------------------------------------------------- lab: gateway -> load balancer -> two backends

describe.skipIf(!runNginx)(`the lab gateway and load balancer on nginx${skipped}`, () => {
    const running: RunningNginx[] = [];
    let a: Fake;
    let b: Fake;
    let gw = 0;
    let lb = 0;

    beforeAll(async () => {
        const model = await loadModel('examples/lab.arch');
        const files = nginxFiles(model);
        a = await fake('lab-be-a');
        b = await fake('lab-be-b');
        [gw, lb] = [await freePort(), await freePort()];
        const book = nativeBook(new Map([['lab-be-a', [a.port]], ['lab-be-b', [b.port]], ['lab-lb', [lb]], ['lab-gw', [gw]]]));
        for (const [name, port] of [['lab_lb', lb], ['lab_gw', gw]] as const) {
            const component = findComponent(model, name)!;
            running.push(await startNginx(prepareNginx(template(files, component), environmentFor(model, component, book), component.serviceName), port));
        }
    });

    afterAll(async () => {
        await Promise.all(running.map(n => n.stop()));
        await Promise.all([a?.stop(), b?.stop()]);
    });

    test('routes each prefix through the load balancer, spreading the interchangeable skeletons, with no auth', async () => {
        const seen = new Set<string>();
        for (const path of ['/api/lab-be-a', '/api/lab-be-b/items/1', '/api/lab-be-a', '/api/lab-be-b/items/1']) {
            const answer = await call(gw, path, { headers: { 'X-User-Id': '1', 'X-User-Roles': 'admin' } });
            expect(answer.status, path).toBe(200);
            const echo = answer.json<Echo>();
            expect(echo).toMatchObject({ method: 'GET', path, userId: null, userRoles: null });
            expect(answer.headers.get('x-upstream')).toBe(`${HOST}:${(echo.service === 'lab-be-a' ? a : b).port}`);
            seen.add(echo.service);
        }
        // Backends without entities are interchangeable skeletons: the balancer alternates between them.
        expect([...seen].sort()).toEqual(['lab-be-a', 'lab-be-b']);
        const unknown = await call(gw, '/api/other');
        expect(unknown.status).toBe(404);
        expect(unknown.json()).toMatchObject({ statusCode: 404 });
    });

    test('the load balancer spreads other requests over both backends', async () => {
        const names = [];
        for (let i = 0; i < 4; i++) names.push((await call(lb, '/')).json<Echo>().service);
        expect(names.filter(n => n === 'lab-be-a')).toHaveLength(2);
        expect(names.filter(n => n === 'lab-be-b')).toHaveLength(2);
    });

    test('a gateway without cors sends no CORS headers, and a preflight is still answered', async () => {
        const answer = await call(gw, '/api/lab-be-a', { method: 'OPTIONS', headers: { Origin: 'http://localhost:8080', 'Access-Control-Request-Method': 'GET' } });
        expect(answer.status).toBe(204);
        expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    });

    test('routes around a backend that is down, and answers 502 (JSON) when none is left', async () => {
        await b.stop();
        for (let i = 0; i < 4; i++) {
            const answer = await call(gw, '/api/lab-be-b');
            expect(answer.status).toBe(200);
            expect(answer.json<Echo>().service).toBe('lab-be-a');
        }
        await a.stop();
        const answer = await call(gw, '/api/lab-be-b');
        expect(answer.status).toBe(502);
        expect(answer.json()).toMatchObject({ statusCode: 502 });
    });
});

test('nginx is available where it must be', () => {
    if (process.env['CI'] === 'true') expect(availability).toEqual({ available: true });
    else if (!availability.available) console.warn(`nginx end-to-end tests skipped: ${availability.reason}`);
});

