import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { HTTP_METHODS } from '@archgen/model';
import * as ast from '../generated/ast.js';
import { normalizePath } from '../ir/build-gateway.js';
import { parseSize } from '../util/quantities.js';
import { didYouMean, suggest } from '../util/suggest.js';
import { componentKind, contextOf, Describe, describe, isService } from './_context.js';
import { lineOf, relatedAt, report } from './_shared.js';
import { notApplicableReason } from './component.js';
import { IssueCodes } from './issue-codes.js';

/** A gateway routes to services: without an http connector to one (directly or through a load balancer) it has nothing to route. */
export function gatewayMustExposeSomething(component: ast.Component, accept: ValidationAcceptor): void {
    if (componentKind(component) !== 'api_gateway' || !component.name) return;
    const ctx = contextOf(component);
    if (!ctx.isFirstOfName(component) || ctx.reach(component.name).size > 0) return;
    if (ctx.build.connectorsFrom(component.name, 'http').some(c => !c.to.ref)) return; // an unresolved target is reported already
    report(accept, 'error', IssueCodes.ExposesNothing,
        `${Describe(component)} exposes nothing: add an http connector from it to a backend or mqtp service, directly or through a load balancer.`,
        { node: component, property: 'name' });
}

/** `route "/api/x" -> service`: the service must be one the gateway reaches. */
export function routeMustTargetReachableService(route: ast.Route, accept: ValidationAcceptor): void {
    const gateway = route.$container;
    const target = route.target?.ref;
    if (!target || !gateway.name || notApplicableReason(route)) return;
    const reach = contextOf(route).reach(gateway.name);
    if (reach.has(target.name)) return;
    const suggestion = suggest(target.name, reach.keys());
    const why = isService(componentKind(target))
        ? `${describe(gateway)} does not reach it, so add an http connector to it from the gateway or from a load balancer the gateway calls`
        : 'a route ends at a backend or mqtp service the gateway reaches';
    report(accept, 'error', IssueCodes.RouteUnreachable,
        `Route '${route.path}' targets ${describe(target)}: ${why}.${didYouMean(suggestion)}`,
        { node: route, property: 'target' }, suggestion);
}

/** Two routes with one prefix (after normalising `/api/x/` to `/api/x`). */
export function routePrefixesMustBeUnique(component: ast.Component, accept: ValidationAcceptor): void {
    if (componentKind(component) !== 'api_gateway') return;
    const first = new Map<string, ast.Route>();
    for (const route of component.members) {
        if (!ast.isRoute(route) || route.path === undefined) continue;
        const prefix = normalizePath(route.path);
        const earlier = first.get(prefix);
        if (!earlier) {
            first.set(prefix, route);
            continue;
        }
        report(accept, 'error', IssueCodes.DuplicateRoute,
            `Route prefix '${prefix}' of ${describe(component)} is already routed on line ${lineOf(earlier)}: each prefix goes to one service.`,
            { node: route, property: 'path', relatedInformation: relatedAt(earlier, `'${prefix}' is first routed here.`, 'path') });
    }
}

const PATH = /^\/[A-Za-z0-9\-._~/]*$/;

/** Route, public and restrict paths: start with `/`, URL-safe characters only. */
export function gatewayPathMustBeValid(rule: ast.Route | ast.PublicRoute | ast.Restriction, accept: ValidationAcceptor): void {
    const path = rule.path;
    if (path === undefined || notApplicableReason(rule) || PATH.test(path)) return;
    const fixed = path.startsWith('/') ? undefined : `/${path}`;
    const suggestion = fixed !== undefined && PATH.test(fixed) ? `"${fixed}"` : undefined;
    const problem = path.startsWith('/') ? 'use only letters, digits and - . _ ~ /' : 'start it with \'/\'';
    report(accept, 'error', IssueCodes.InvalidPath,
        `Path '${path}' on ${describe(rule.$container)} is not a valid URL path: ${problem}.`,
        { node: rule, property: 'path' }, suggestion);
}

/** `public GET, POST "/x"`: methods are HTTP's, written in upper case. */
export function httpMethodsMustBeKnown(rule: ast.PublicRoute | ast.Restriction, accept: ValidationAcceptor): void {
    if (notApplicableReason(rule)) return;
    rule.methods.forEach((method, index) => {
        if (!method || (HTTP_METHODS as readonly string[]).includes(method)) return;
        const upper = method.toUpperCase();
        if ((HTTP_METHODS as readonly string[]).includes(upper)) {
            report(accept, 'error', IssueCodes.UnknownMethod,
                `HTTP method '${method}' must be written in upper case: '${upper}'.`,
                { node: rule, property: 'methods', index }, upper);
            return;
        }
        const suggestion = suggest(upper, HTTP_METHODS);
        report(accept, 'error', IssueCodes.UnknownMethod,
            `Unknown HTTP method '${method}': expected one of ${HTTP_METHODS.join(', ')}.${didYouMean(suggestion)}`,
            { node: rule, property: 'methods', index }, suggestion);
    });
}

export const RATE_UNITS = ['second', 'minute'] as const;

/** `rate_limit 10 per second burst 20`: at least one request, per second or minute. */
export function rateLimitMustBeValid(limit: ast.RateLimit, accept: ValidationAcceptor): void {
    if (notApplicableReason(limit)) return;
    const owner = describe(limit.$container);
    if (limit.rate !== undefined && limit.rate < 1) {
        report(accept, 'error', IssueCodes.InvalidRateLimit,
            `Rate limit of ${owner} allows ${limit.rate} requests: it must allow at least 1 request per ${limit.unit ?? 'second'}.`,
            { node: limit, property: 'rate' });
    }
    if (limit.unit && !(RATE_UNITS as readonly string[]).includes(limit.unit)) {
        const suggestion = suggest(limit.unit, RATE_UNITS) ?? (/^s(ec)?s?$/i.test(limit.unit) ? 'second' : /^min?s?$/i.test(limit.unit) ? 'minute' : undefined);
        report(accept, 'error', IssueCodes.InvalidRateLimit,
            `Rate-limit unit '${limit.unit}' of ${owner} is not supported: use ${RATE_UNITS.join(' or ')}.${didYouMean(suggestion)}`,
            { node: limit, property: 'unit' }, suggestion);
    }
    // A burst is a whole number (INT) by the grammar: a negative one is a syntax error before this check.
}

const ORIGIN = /^https?:\/\/([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(:(?<port>\d{1,5}))?$/;

export function isCorsOrigin(origin: string): boolean {
    if (origin === '*') return true;
    const m = ORIGIN.exec(origin);
    if (!m) return false;
    const port = m.groups?.['port'] === undefined ? undefined : Number(m.groups['port']);
    return port === undefined || (port >= 1 && port <= 65535);
}

/** `cors "https://shop.example.com", "http://localhost:3000"`: `*` or scheme://host[:port], nothing more. */
export function corsOriginsMustBeValid(cors: ast.Cors, accept: ValidationAcceptor): void {
    if (notApplicableReason(cors)) return;
    cors.origins.forEach((origin, index) => {
        if (origin === undefined || isCorsOrigin(origin)) return;
        const trimmed = origin.replace(/\/+$/, '');
        const suggestion = trimmed !== origin && isCorsOrigin(trimmed) ? `"${trimmed}"` : undefined;
        report(accept, 'error', IssueCodes.InvalidCorsOrigin,
            `CORS origin '${origin}' of ${describe(cors.$container)} is not an origin: write '*' or http(s)://host[:port] with no path, such as https://shop.example.com.`,
            { node: cors, property: 'origins', index }, suggestion);
    });
}

/** `max_body 1mb`: a size nginx understands. */
export function maxBodyMustBeSize(body: ast.MaxBody, accept: ValidationAcceptor): void {
    if (body.size === undefined || notApplicableReason(body) || parseSize(body.size) !== undefined) return;
    report(accept, 'error', IssueCodes.InvalidBodySize,
        `Body-size limit '${body.size}' of ${describe(body.$container)} is not a size: write a whole number with the unit k, m or g, such as 1m or 512k.`,
        { node: body, property: 'size' });
}

export const gatewayChecks: ValidationChecks<ast.ArchgenAstType> = {
    Component: [gatewayMustExposeSomething, routePrefixesMustBeUnique],
    Route: [routeMustTargetReachableService, gatewayPathMustBeValid],
    PublicRoute: [gatewayPathMustBeValid, httpMethodsMustBeKnown],
    Restriction: [gatewayPathMustBeValid, httpMethodsMustBeKnown],
    RateLimit: [rateLimitMustBeValid],
    Cors: [corsOriginsMustBeValid],
    MaxBody: [maxBodyMustBeSize]
};
