// @ts-check
/**
 * Deterministic synthetic .arch models for the benchmark (and for tests that
 * need a large valid model). A model is made of blocks of 20 components:
 *
 *   <b>_lb (load balancer, public) -> <b>_fe (frontend) -> <b>_gw (api gateway)
 *   <b>_gw -> <b>_lb_api (load balancer) -> <b>_svc1..4 (backends)
 *   <b>_gw -> <b>_svc5..8 (backends)
 *   <b>_svcK -> <b>_dbK (database, one entity each), for K = 1..8
 *   seven http calls and four message queues between the backends (acyclic)
 *
 * 30 connectors per block (1.5 per component). Names are unique across
 * blocks, every reference resolves, and the model checks with no errors and
 * no warnings. The same options always give the same text.
 */

export const BLOCK_SIZE = 20;
export const CONNECTORS_PER_BLOCK = 30;

/**
 * @typedef {object} SyntheticOptions
 * @property {number} components  at least this many components (rounded up to whole blocks of 20)
 * @property {boolean} [entities]  one entity per database, a gateway with auth and routes, queues with payloads (default true)
 * @property {string} [name]       the architecture's name (default `synthetic`)
 */

/**
 * The text of a synthetic model.
 * @param {SyntheticOptions} options
 * @returns {string}
 */
export function syntheticModel(options) {
    const blocks = blockCount(options.components);
    const entities = options.entities !== false;
    const parts = [`architecture ${options.name ?? 'synthetic'}:\n`];
    for (let b = 0; b < blocks; b++) parts.push(block(b, entities));
    return parts.join('');
}

/**
 * How many blocks a model of at least `components` components has.
 * @param {number} components
 */
export function blockCount(components) {
    return Math.max(1, Math.ceil(components / BLOCK_SIZE));
}

/**
 * The names a block declares, for tests and for edits in the benchmark.
 * @param {number} b
 */
export function blockNames(b) {
    const p = `b${b}`;
    return {
        loadBalancer: `${p}_lb`,
        frontend: `${p}_fe`,
        gateway: `${p}_gw`,
        apiBalancer: `${p}_lb_api`,
        services: [1, 2, 3, 4, 5, 6, 7, 8].map(k => `${p}_svc${k}`),
        databases: [1, 2, 3, 4, 5, 6, 7, 8].map(k => `${p}_db${k}`),
        entities: [1, 2, 3, 4, 5, 6, 7, 8].map(k => `Item${b}Part${k}`)
    };
}

/**
 * @param {number} b
 * @param {boolean} entities
 */
function block(b, entities) {
    const n = blockNames(b);
    const svc = (/** @type {number} */ k) => n.services[k - 1];
    const out = [`\n    // ---------------------------------------------------------------- block ${b}\n\n`];
    out.push(`    /** Entry point of block ${b}. */\n`);
    out.push(`    component load_balancer ${n.loadBalancer} {\n        strategy round_robin\n        health "/health" max_fails 3 fail_timeout 10s\n    }\n`);
    out.push(`    component frontend ${n.frontend} { replicas 2 }\n`);
    if (entities) {
        out.push(`    component api_gateway ${n.gateway} {\n`);
        out.push(`        auth jwt issuer ${svc(5)} roles customer, admin expires 1h\n`);
        for (let k = 1; k <= 8; k++) out.push(`        route "/api/b${b}/s${k}" -> ${svc(k)}\n`);
        out.push(`        public GET "/api/b${b}/s1"\n`);
        out.push(`        restrict POST, PUT, DELETE "/api/b${b}/s2" to admin\n`);
        out.push(`        rate_limit 50 per second burst 100\n    }\n`);
    } else {
        out.push(`    component api_gateway ${n.gateway}\n`);
    }
    out.push(`    component load_balancer ${n.apiBalancer} { strategy least_connections }\n`);
    for (let k = 1; k <= 8; k++) out.push(`    component backend ${svc(k)} { replicas ${1 + (k % 3)} }\n`);
    for (let k = 1; k <= 8; k++) {
        if (!entities) {
            out.push(`    component database ${n.databases[k - 1]}\n`);
            continue;
        }
        const entity = n.entities[k - 1];
        const engine = k % 4 === 0 ? 'mysql' : 'postgres';
        out.push(`    component database ${n.databases[k - 1]} {\n        engine ${engine}\n`);
        out.push(`        entity ${entity} {\n`);
        out.push('            id serial primary key\n');
        out.push('            name string(120) required indexed\n');
        out.push('            amount decimal(10,2) required min 0 default 0\n');
        out.push('            status enum(open, closed) required default open\n');
        if (k > 1) out.push(`            previous_id int references ${n.entities[k - 2]}\n`);
        out.push('            created_at timestamp required default now\n');
        out.push('        }\n    }\n');
    }
    out.push('\n');
    const http = (/** @type {string} */ a, /** @type {string} */ z) => out.push(`    connector http ${a} -> ${z}\n`);
    http(n.loadBalancer, n.frontend);
    http(n.frontend, n.gateway);
    http(n.gateway, n.apiBalancer);
    for (let k = 1; k <= 4; k++) http(n.apiBalancer, svc(k));
    for (let k = 5; k <= 8; k++) http(n.gateway, svc(k));
    for (let k = 1; k <= 8; k++) out.push(`    connector db_connector ${svc(k)} -> ${n.databases[k - 1]}\n`);
    // Calls between the backends: acyclic (always towards a higher number).
    for (const [a, z] of [[1, 2], [2, 3], [3, 4], [5, 6], [6, 7], [7, 8], [1, 5]]) http(svc(a), svc(z));
    // Events: each publisher announces new rows of its own entity.
    for (const [a, z] of [[8, 1], [4, 5], [2, 6], [3, 7]]) {
        if (!entities) {
            out.push(`    connector message_queue ${svc(a)} -> ${svc(z)}\n`);
            continue;
        }
        out.push(`    connector message_queue ${svc(a)} -> ${svc(z)} {\n`);
        out.push(`        channel "b${b}.s${a}.created"\n        trigger create ${n.entities[a - 1]}\n        payload ${n.entities[a - 1]}\n    }\n`);
    }
    return out.join('');
}
