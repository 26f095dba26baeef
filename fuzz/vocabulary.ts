/**
 * The words the generator and the mutators draw from. The keyword lists are
 * read from the grammar itself (`arch.langium`), so they follow it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rng } from './rng.js';
import { repoRoot } from './paths.js';
import { MYSQL_RESERVED_WORDS, POSTGRES_RESERVED_WORDS } from '../packages/language/src/validation/_reserved-words.js';

const grammar = readFileSync(join(repoRoot(), 'packages/language/src/arch.langium'), 'utf8');

function keywordsOfRule(rule: string): string[] {
    const body = new RegExp(`^${rule} returns string:([\\s\\S]*?);`, 'm').exec(grammar)?.[1] ?? '';
    return [...body.matchAll(/'([^']+)'/g)].map(m => m[1]!);
}

/** Every keyword and symbol of the grammar. */
export const ALL_KEYWORDS: readonly string[] = [...new Set([...grammar.matchAll(/'([^'\s]+)'/g)].map(m => m[1]!))].sort();
/** Keywords that may name a component, entity or role. */
export const NAME_KEYWORDS: readonly string[] = keywordsOfRule('Name');
/** Keywords that may name a field. */
export const FIELD_NAME_KEYWORDS: readonly string[] = keywordsOfRule('FieldName');
export const RESERVED = ['architecture', 'component', 'connector'] as const;
export const MODIFIER_WORDS = ['primary', 'required', 'optional', 'unique', 'indexed', 'default', 'min', 'max', 'references', 'sum'];

export const COMPONENT_KINDS = ['frontend', 'backend', 'database', 'load_balancer', 'api_gateway', 'mqtp'] as const;
export const CONNECTOR_KINDS = ['http', 'db_connector', 'message_queue'] as const;
export const BAD_COMPONENT_KINDS = ['load-balancer', 'loadbalancer', 'Backend', 'service', 'db', 'gateway', 'api-gateway', 'front_end', 'mq', '', 'load balancer', 'api gateway', 'data base'];
export const BAD_CONNECTOR_KINDS = ['mq_connector', 'https', 'db-connector', 'queue', 'HTTP', 'grpc'];

export const FIELD_TYPES = ['int', 'bigint', 'serial', 'string', 'text', 'boolean', 'decimal', 'date', 'timestamp', 'uuid', 'enum', 'json'] as const;
export const BAD_TYPES = ['integer', 'varchar', 'bool', 'numeric', 'datetime', 'jsonb', 'float', 'Int', 'strin', 'money', 'x'];

export const ENGINES = ['postgres', 'mysql'];
export const BAD_ENGINES = ['postgresql', 'pg', 'mariadb', 'oracle', 'Postgres', 'sqlite'];
export const STRATEGIES = ['round_robin', 'least_connections', 'ip_hash'];
export const BAD_STRATEGIES = ['roundrobin', 'leastconn', 'random', 'RoundRobin', 'iphash'];
export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
export const BAD_METHODS = ['get', 'Post', 'FETCH', 'CONNECT', 'TRACE', 'G'];
export const RATE_UNITS = ['second', 'minute'];
export const BAD_RATE_UNITS = ['hour', 'seconds', 'sec', 'mins', 'day', 's'];
export const BROKERS = ['rabbitmq', 'mosquitto', 'mqtt'];
export const BAD_BROKERS = ['kafka', 'rabbit', 'RabbitMQ', 'nats'];
export const PROTOCOLS = ['amqp', 'mqtt'];
export const BAD_PROTOCOLS = ['stomp', 'AMQP', 'http', 'mqtt5'];
export const DELIVERIES = ['at_least_once'];
export const BAD_DELIVERIES = ['at_most_once', 'exactly_once', 'atleastonce'];
export const TRIGGER_OPS = ['create', 'update', 'delete'];
export const BAD_TRIGGER_OPS = ['insert', 'remove', 'created', 'upsert'];

export const DURATIONS = ['30s', '500ms', '2m', '15min', '1h', '8h', '1.5s', '30S', '10s', '5s', '12h', '0s', '1ms'];
export const BAD_DURATIONS = ['30', '1.5', '10x', '5sec', '1d', '0', '99999999999999999999s', '3hours'];
export const SIZES = ['512k', '512kb', '1m', '1mb', '1g', '64k', '2gb', '10M'];
export const BAD_SIZES = ['1024', '1024b', '1.5mb', '10x', '1tb', '0.5', '5s', '0', '99999999999999999999g'];

export const CORS_ORIGINS = ['*', 'http://localhost:8080', 'https://shop.example.com', 'http://a.b:3000', 'https://x.io'];
export const BAD_CORS_ORIGINS = ['localhost', 'http://x/', 'ftp://x', 'http://x/path', '', 'https://', '**'];
export const BAD_PATHS = ['api/x', '', '/api/ x', '/api/<x>', '/../etc', '//', '/api/é', '/api?x=1', '/api/%20', '\\\\'];
export const BAD_CHANNELS = ['', 'a b', 'a/b', 'ä.ö', 'x#y', '..', '*'];

/** Characters inserted by the byte-level mutator. */
export const ODD_CHARS = [
    '#', ';', '@', '$', '%', '^', '&', '!', '?', '`', '~', '|', '\\', '[', ']', '<', '>', '=', '+', '"', "'",
    '{', '}', '(', ')', ',', '.', ':', '-', '->', '*', '/', '/*', '*/', '//', '/**',
    '\u0000', '\u0007', '\t', '\r', '\n', '\r\n', '\u000b', '\u000c', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u200b',
    '\u00d7', '\u00f7', '\u0301', '\ud800', '\udfff', '\ud83d\ude00', '\uff41', '\u3000', 'é', 'ñ', 'ß', 'Ω', 'ж', '注', '한',
    '0', '9', '1.', '.5', '1e6', '-', '--', '_'
];

const SYLLABLES = ['or', 'der', 'pay', 'ment', 'user', 'shop', 'cat', 'alog', 'inv', 'ent', 'ory', 'msg', 'note', 'room', 'lib', 'book', 'sen', 'sor', 'data', 'web'];
const UNICODE_NAMES = ['pagos_ñ', 'tienda_café', 'заказы', '注文', 'Ωmega', 'straße', 'ªµº', 'e\u0301cole', 'ação', 'δεδομένα', 'データ', '사용자', 'ǅemal', '_', '__x', 'ÀÖØöøÿ', 'ⰰⱟ'];
const SQL_RESERVED = ['order', 'user', 'group', 'select', 'table', 'from', 'to', 'where', 'limit', 'check', 'column', 'all', 'case', 'desc', 'key', 'set', 'index', 'rank'];

export type NameStyle = 'snake' | 'camel' | 'unicode' | 'keyword' | 'mixed';

/** A fresh identifier in a style; `taken` keeps names unique within a model unless chaos says otherwise. */
export function makeName(rng: Rng, style: NameStyle, taken: Set<string>, prefix = ''): string {
    for (let attempt = 0; attempt < 20; attempt++) {
        const s: NameStyle = style === 'mixed' ? rng.pick(['snake', 'snake', 'camel', 'unicode', 'keyword'] as const) : style;
        let name: string;
        switch (s) {
            case 'snake':
                name = (prefix ? prefix + '_' : '') + Array.from({ length: rng.int(1, 3) }, () => rng.pick(SYLLABLES)).join(rng.chance(0.7) ? '_' : '');
                break;
            case 'camel':
                name = Array.from({ length: rng.int(1, 3) }, () => capitalise(rng.pick(SYLLABLES))).join('');
                break;
            case 'unicode':
                name = rng.pick(UNICODE_NAMES) + (rng.chance(0.5) ? `_${rng.int(1, 99)}` : '');
                break;
            case 'keyword':
                name = rng.pick(NAME_KEYWORDS);
                break;
        }
        if (rng.chance(0.02)) name = name + '_' + 'x'.repeat(rng.int(40, 80));
        if (attempt > 10) name += `_${taken.size}`;
        if (!taken.has(name)) {
            taken.add(name);
            return name;
        }
    }
    const fallback = `n${taken.size}_${rng.int(0, 1e6)}`;
    taken.add(fallback);
    return fallback;
}

/** A field name: mostly snake case, sometimes a keyword allowed as a field name, an SQL reserved word or Unicode. */
export function makeFieldName(rng: Rng, taken: Set<string>, chaos: number): string {
    for (let attempt = 0; attempt < 20; attempt++) {
        let name = rng.weighted<string>([
            [8, Array.from({ length: rng.int(1, 2) }, () => rng.pick(SYLLABLES)).join('_')],
            [1, rng.pick(FIELD_NAME_KEYWORDS.filter(k => /^[a-z_]+$/.test(k) && !['from', 'to', 'where', 'on', 'true', 'false'].includes(k)))],
            [chaos * 3, rng.pick(SQL_RESERVED)],
            [chaos * 2, rng.pick(UNICODE_NAMES)],
            [chaos * 1, rng.pick(MODIFIER_WORDS)],
            [1, capitalise(rng.pick(SYLLABLES)) + capitalise(rng.pick(SYLLABLES))]
        ]);
        if (attempt > 10) name += `_${attempt}`;
        const column = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
        if (!rng.chance(chaos) && (POSTGRES_RESERVED_WORDS.has(column) || MYSQL_RESERVED_WORDS.has(column))) continue;
        if (!taken.has(name)) {
            taken.add(name);
            return name;
        }
    }
    return `f${taken.size}`;
}

export function capitalise(word: string): string {
    return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A near miss of a name: one edit, a case change, `_` for `-`, an accent. */
export function nearMiss(rng: Rng, name: string): string {
    const chars = [...name];
    const at = rng.index(Math.max(chars.length, 1));
    switch (rng.int(0, 7)) {
        case 0: chars.splice(at, 1); break;
        case 1: chars.splice(at, 0, rng.pick(['a', 'e', 'x', '_', '1', 'é'])); break;
        case 2: chars[at] = rng.pick(['a', 'o', 'z', '_', 'Z']); break;
        case 3: if (chars.length > 1) { const j = Math.min(at + 1, chars.length - 1); [chars[at], chars[j]] = [chars[j]!, chars[at]!]; } break;
        case 4: return name.toUpperCase() === name ? name.toLowerCase() : rng.chance(0.5) ? name.toUpperCase() : capitalise(name);
        case 5: return name.replace(/_/g, '-');
        case 6: return name.replace(/[aeiou]/, v => ({ a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ü' })[v as 'a'] ?? v);
        default: return name + rng.pick(['s', '_', '2', 'x']);
    }
    return chars.join('');
}
