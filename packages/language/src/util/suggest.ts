/**
 * Did-you-mean suggestions: the closest known word to what the user wrote.
 * Separators are normalised first, so `load-balancer`, `load balancer` and
 * `LoadBalancer` all find `load_balancer`.
 */

/** Known misspellings and aliases that edit distance alone would not find. */
const ALIASES: Record<string, string> = {
    mq_connector: 'message_queue',
    mq: 'message_queue',
    mqtt: 'message_queue',
    queue: 'message_queue',
    amqp: 'message_queue',
    db: 'db_connector',
    database_connector: 'db_connector',
    sql: 'db_connector',
    rest: 'http',
    https: 'http',
    gateway: 'api_gateway',
    lb: 'load_balancer',
    balancer: 'load_balancer',
    ui: 'frontend',
    web: 'frontend',
    service: 'backend',
    microservice: 'backend',
    worker: 'mqtp',
    consumer: 'mqtp',
    integer: 'int',
    long: 'bigint',
    varchar: 'string',
    bool: 'boolean',
    numeric: 'decimal',
    datetime: 'timestamp',
    timestamptz: 'timestamp',
    jsonb: 'json',
    postgresql: 'postgres',
    pg: 'postgres',
    mariadb: 'mysql',
    rabbit: 'rabbitmq',
    amqp_broker: 'rabbitmq',
    roundrobin: 'round_robin',
    leastconn: 'least_connections',
    least_conn: 'least_connections',
    insert: 'create',
    add: 'create',
    post: 'create',
    new: 'create'
};

export function normalizeWord(word: string): string {
    return word
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .replace(/[\s\-.]+/g, '_')
        .toLowerCase();
}

export function editDistance(a: string, b: string): number {
    if (a === b) return 0;
    const prev = new Array<number>(b.length + 1);
    for (let j = 0; j <= b.length; j++) prev[j] = j;
    for (let i = 1; i <= a.length; i++) {
        let diag = prev[0]!;
        prev[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const up = prev[j]!;
            prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
            diag = up;
        }
    }
    return prev[b.length]!;
}

/**
 * The candidate closest to `word`, or undefined when nothing is close enough
 * (distance at most a third of the longer word, and at least one edit allowed).
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
    const list = [...candidates];
    const normalized = normalizeWord(word);
    const alias = ALIASES[normalized];
    if (alias && list.includes(alias)) return alias;
    const exactAfterNormalizing = list.find(c => normalizeWord(c) === normalized);
    if (exactAfterNormalizing) return exactAfterNormalizing;
    let best: string | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const candidate of list) {
        const d = editDistance(normalized, normalizeWord(candidate));
        if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
            best = candidate;
            bestDistance = d;
        }
    }
    if (best === undefined) return undefined;
    const limit = Math.max(1, Math.floor(Math.max(normalized.length, best.length) / 3));
    if (bestDistance <= limit) return best;
    // A prefix is a good hint too: `load` -> `load_balancer`.
    const prefixed = list.filter(c => normalizeWord(c).startsWith(normalized) && normalized.length >= 3);
    return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** ` Did you mean 'x'?` or the empty string. */
export function didYouMean(suggestion: string | undefined): string {
    return suggestion ? ` Did you mean '${suggestion}'?` : '';
}
