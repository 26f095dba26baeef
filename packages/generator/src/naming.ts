/**
 * Every name the generated system agrees on: environment variables, volumes,
 * SQL constraints and indexes. Services, nginx templates, the compose file and
 * a native `run-local.sh` all derive their names from here, so they match.
 */

/** `users-db` -> `USERS_DB`, `payments.requested` -> `PAYMENTS_REQUESTED`; a leading digit gets a `_` prefix. */
export function upperSnake(text: string): string {
    const snake = text
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .replace(/[^A-Za-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .toUpperCase();
    return /^[0-9]/.test(snake) ? `_${snake}` : snake;
}

/** The environment-variable prefix of a component: the upper snake of its service name. */
export function envKey(serviceName: string): string {
    return upperSnake(serviceName);
}

/** `${NAME}`: a value compose takes from `.env`. */
export function interpolation(name: string): string {
    return `\${${name}}`;
}

/** `${NAME:-default}`: a setting with a default that `.env` may override. */
export function interpolationWithDefault(name: string, defaultValue: string): string {
    return `\${${name}:-${defaultValue}}`;
}

export const PORT_VAR = 'PORT';
export const SERVICE_NAME_VAR = 'SERVICE_NAME';
export const JWT_SECRET_VAR = 'JWT_SECRET';
export const JWT_TTL_VAR = 'JWT_TTL_SECONDS';
/** Optional: names a replica in logs and in the instance header (default `<hostname>:<PORT>`). */
export const INSTANCE_ID_VAR = 'INSTANCE_ID';

/** HTTP headers the gateway and the services agree on. */
export const HEADERS = {
    /** On every service answer: `<SERVICE_NAME>@<INSTANCE_ID>`. */
    instance: 'X-Instance',
    /** Gateway -> token issuer's verify route: `1` when the route is public. */
    public: 'X-Archgen-Public',
    /** Gateway -> token issuer's verify route: the roles of which the user needs one (`a,b`; empty: any user). */
    roles: 'X-Archgen-Roles',
    /** Verify route -> gateway -> services: the caller. */
    userId: 'X-User-Id',
    userRoles: 'X-User-Roles'
} as const;
/** nginx-based components: the address they listen on (compose `0.0.0.0`, a native run `127.0.0.1`). */
export const LISTEN_HOST_VAR = 'LISTEN_HOST';
/** Frontends: the folder of their static files. */
export const STATIC_ROOT_VAR = 'STATIC_ROOT';

export interface DatabaseVars {
    readonly host: string;
    readonly port: string;
    readonly database: string;
    readonly user: string;
    readonly password: string;
    /** MySQL only: the server's root password. */
    readonly rootPassword: string;
}

export function databaseVars(serviceName: string): DatabaseVars {
    const key = envKey(serviceName);
    return {
        host: `${key}_HOST`,
        port: `${key}_PORT`,
        database: `${key}_DATABASE`,
        user: `${key}_USER`,
        password: `${key}_PASSWORD`,
        rootPassword: `${key}_ROOT_PASSWORD`
    };
}

export interface HttpTargetVars {
    readonly host: string;
    readonly port: string;
    readonly url: string;
    /** Gateways and load balancers: the nginx `server ...;` lines of every instance of the target. */
    readonly servers: string;
}

export function httpTargetVars(serviceName: string): HttpTargetVars {
    const key = envKey(serviceName);
    return { host: `${key}_HOST`, port: `${key}_PORT`, url: `${key}_URL`, servers: `${key}_SERVERS` };
}

export const RABBITMQ_VARS = {
    host: 'RABBITMQ_HOST',
    port: 'RABBITMQ_PORT',
    user: 'RABBITMQ_USER',
    password: 'RABBITMQ_PASSWORD'
} as const;

export const MQTT_VARS = {
    host: 'MQTT_HOST',
    port: 'MQTT_PORT',
    user: 'MQTT_USER',
    password: 'MQTT_PASSWORD'
} as const;

/** `payments.requested` -> `PAYMENTS_REQUESTED_DELAY_MS`. */
export function channelDelayVar(channel: string): string {
    return `${upperSnake(channel)}_DELAY_MS`;
}

/** The named volume that keeps a database's or a broker's data. */
export function dataVolume(serviceName: string): string {
    return `${serviceName}-data`;
}

// ---------------------------------------------------------------- SQL names

/** PostgreSQL truncates identifiers past 63 bytes (MySQL: 64); we shorten them ourselves, keeping them unique. */
export const MAX_SQL_IDENTIFIER = 63;

export function sqlIdentifier(name: string): string {
    if (name.length <= MAX_SQL_IDENTIFIER) return name;
    const hash = fnv1a(name).toString(16).padStart(8, '0');
    return `${name.slice(0, MAX_SQL_IDENTIFIER - 9)}_${hash}`;
}

export const primaryKeyName = (table: string): string => sqlIdentifier(`pk_${table}`);
export const uniqueName = (table: string, column: string): string => sqlIdentifier(`uq_${table}_${column}`);
export const foreignKeyName = (table: string, column: string): string => sqlIdentifier(`fk_${table}_${column}`);
export const indexName = (table: string, column: string): string => sqlIdentifier(`idx_${table}_${column}`);
export const checkName = (table: string, column: string, rule: 'min' | 'max' | 'enum'): string =>
    sqlIdentifier(`ck_${table}_${column}_${rule}`);

/** The table idempotent consumers record handled message ids in. */
export const PROCESSED_MESSAGES_TABLE = 'archgen_processed_messages';

/** 32-bit FNV-1a: a small, stable hash for shortened names. */
export function fnv1a(text: string): number {
    let hash = 0x811c9dc5;
    for (const ch of text) {
        hash ^= ch.codePointAt(0)!;
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash;
}
