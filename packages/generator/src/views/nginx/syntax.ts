/**
 * Writing nginx configuration from views: names, quoting, path patterns,
 * upstream server lines, JSON error bodies. Pure functions, no templates.
 *
 * The rendered files pass through envsubst (the official image) or an
 * equivalent native renderer, which replace `${NAME}` for the names of the
 * component's environment and nothing else. So nginx variables are always
 * written `$lower_case` (never `${...}`), and nothing here may print a `$`
 * that is not meant as an nginx variable.
 */
import type { Component, HealthCheck } from '@archgen/model';
import { LISTEN_HOST_VAR, PORT_VAR, httpTargetVars, interpolation, upperSnake } from '../../naming.js';

/** `shop-gw` -> `shop_gw`: an nginx name part (upstreams, zones, variables). */
export function nginxName(serviceName: string): string {
    return upperSnake(serviceName).toLowerCase();
}

/** The upstream a component sends to a target through: `archgen_shop_gw__users`. */
export function upstreamName(fromServiceName: string, targetServiceName: string): string {
    return `archgen_${nginxName(fromServiceName)}__${nginxName(targetServiceName)}`;
}

/** `${NAME}`: a value the environment substitutes when the template is rendered. */
export const envRef = interpolation;

/** A double-quoted nginx string; `$` stays an nginx variable, so refuse it in literal text. */
export function nginxString(text: string): string {
    if (text.includes('$')) throw new Error(`Cannot write '${text}' in nginx configuration: '$' starts a variable.`);
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A single-quoted nginx string (bodies of `return`). */
export function nginxSingleQuoted(text: string): string {
    if (text.includes('$')) throw new Error(`Cannot write '${text}' in nginx configuration: '$' starts a variable.`);
    return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Escapes a literal for a PCRE pattern. */
export function regexLiteral(text: string): string {
    return text.replace(/[.*+?^()|[\]\\]/g, ch => `\\${ch}`);
}

/** Paths go into unquoted `location` patterns and quoted map keys: refuse what would break either. */
export function assertPlainPath(path: string): void {
    if (!/^\/[^\s"'`;{}$\\#]*$/.test(path)) {
        throw new Error(`Cannot route the path '${path}' in nginx: it must start with '/' and contain no spaces, quotes, ';', '{', '}', '$', '#' or '\\'.`);
    }
}

/**
 * A PCRE pattern for a path prefix and everything below it:
 * `/api/products` matches `/api/products` and `/api/products/7`, not `/api/productsx`.
 * The end is `\z`, not `$`, so no `$` reaches the file outside nginx variables.
 */
export function prefixPattern(prefix: string): string {
    assertPlainPath(prefix);
    if (prefix === '/' || prefix === '') return '^/';
    return `^${regexLiteral(prefix)}(?:/|\\z)`;
}

/**
 * Orders prefixes most specific first (longest path), keeping model order
 * among equals: regex locations and map entries match in file order.
 */
export function mostSpecificFirst<T>(items: readonly T[], path: (item: T) => string): T[] {
    return items
        .map((item, index) => ({ item, index }))
        .sort((a, b) => path(b.item).length - path(a.item).length || a.index - b.index)
        .map(x => x.item);
}

/** Milliseconds in nginx time syntax: `10s`, `1500ms`. */
export function nginxTime(ms: number): string {
    return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * The `server` lines of an upstream, one per address, on one line (the value
 * of a `<KEY>_SERVERS` variable). With a health check, each server carries
 * its passive health parameters.
 */
export function upstreamServers(addresses: readonly string[], health?: Pick<HealthCheck, 'maxFails' | 'failTimeoutMs'>): string {
    const params = health ? ` max_fails=${health.maxFails} fail_timeout=${nginxTime(health.failTimeoutMs)}` : '';
    return addresses.map(address => `server ${address}${params};`).join(' ');
}

/** An error nginx itself answers, with a JSON body shaped like the services' errors (Fastify's). */
export interface ErrorPageView {
    readonly status: number;
    /** The named location that answers it: `@archgen_502`. */
    readonly location: string;
    /** The `return` body, already quoted for nginx. */
    readonly body: string;
}

const REASONS: Readonly<Record<number, string>> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    413: 'Payload Too Large',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout'
};

/** `{"statusCode":429,"error":"Too Many Requests","message":"..."}`. */
export function jsonError(status: number, message: string): string {
    const error = REASONS[status];
    if (!error) throw new Error(`No reason phrase for HTTP ${status}.`);
    return JSON.stringify({ statusCode: status, error, message });
}

export function errorPage(status: number, message: string): ErrorPageView {
    return { status, location: `@archgen_${status}`, body: nginxSingleQuoted(jsonError(status, message)) };
}

/** The JSON body of `GET /health`, quoted for nginx. */
export function healthBody(componentName: string): string {
    return nginxSingleQuoted(JSON.stringify({ status: 'ok', service: componentName }));
}

/** One `upstream` block. */
export interface UpstreamView {
    readonly name: string;
    /** Balancing directives before the servers (`least_conn`, `ip_hash`), without `;`. */
    readonly directives: readonly string[];
    /** `${KEY_SERVERS}` references, each expanding to one or more `server ...;` lines. */
    readonly servers: readonly string[];
    /** A comment naming what the upstream reaches. */
    readonly comment: string;
}

/** `${LISTEN_HOST}:${PORT}`, what every nginx-based component listens on. */
export function listenAddress(): string {
    return `${envRef(LISTEN_HOST_VAR)}:${envRef(PORT_VAR)}`;
}

/** An upstream from a component to one of its http targets, over `${<TARGET>_SERVERS}`. */
export function targetUpstream(from: Component, target: Component, directives: readonly string[] = []): UpstreamView {
    return {
        name: upstreamName(from.serviceName, target.serviceName),
        directives,
        servers: [envRef(httpTargetVars(target.serviceName).servers)],
        comment: `${target.kind} '${target.name}'`
    };
}
