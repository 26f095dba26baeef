import type { GatewayAuth, GatewayComponent, GatewayRoute, HttpMethod, RateLimit, RoleRestriction, RouteRule } from '@archgen/model';
import * as ast from '../generated/ast.js';
import { parseDuration, parseSize } from '../util/quantities.js';
import type { BuildContext } from './context.js';
import type { Ownership } from './ownership.js';
import { kebabCase, resourceName } from './names.js';

type GatewayDetails = Pick<GatewayComponent,
    'routes' | 'auth' | 'publicRoutes' | 'restrictions' | 'rateLimit' | 'corsOrigins' | 'maxBodySize'>;

/**
 * The services a gateway reaches, each with the component it sends requests
 * to: the service itself, or a load balancer in front of it.
 */
export function reachableServices(ctx: BuildContext, gateway: string): Map<string, string> {
    const reach = new Map<string, string>();
    for (const c of ctx.connectorsFrom(gateway, 'http')) {
        const target = c.to?.ref;
        if (!target) continue;
        if (target.kind === 'backend' || target.kind === 'mqtp') {
            if (!reach.has(target.name)) reach.set(target.name, target.name);
        } else if (target.kind === 'load_balancer') {
            for (const behind of ctx.connectorsFrom(target.name, 'http')) {
                const service = behind.to?.ref;
                if (service && (service.kind === 'backend' || service.kind === 'mqtp') && !reach.has(service.name)) {
                    reach.set(service.name, target.name);
                }
            }
        }
    }
    return reach;
}

/** The service that issues tokens: declared, or the reachable service that owns an entity named User. */
export function tokenIssuer(ctx: BuildContext, ownership: Ownership, component: ast.Component): string | undefined {
    const auth = component.members.find(ast.isAuth);
    if (!auth) return undefined;
    if (auth.issuer?.ref) return auth.issuer.ref.name;
    for (const service of reachableServices(ctx, component.name).keys()) {
        if (ownership.entitiesOf(service).some(e => e?.toLowerCase() === 'user')) return service;
    }
    return undefined;
}

export function buildGateway(ctx: BuildContext, ownership: Ownership, component: ast.Component): GatewayDetails {
    const reach = reachableServices(ctx, component.name);
    const explicit = component.members.filter(ast.isRoute);
    const authMember = component.members.find(ast.isAuth);
    const issuer = tokenIssuer(ctx, ownership, component);
    const routes: GatewayRoute[] = [];
    for (const route of explicit) {
        const service = route.target.ref?.name ?? route.target.$refText;
        routes.push({ prefix: normalizePath(route.path), service, via: reach.get(service) ?? service, implicit: false, source: ctx.source(route) });
    }
    if (explicit.length > 0 && issuer && authMember && !routes.some(r => r.prefix === '/api/auth')) {
        // Register and login are public whenever there is auth: keep them reachable.
        routes.unshift({ prefix: '/api/auth', service: issuer, via: reach.get(issuer) ?? issuer, implicit: true, source: ctx.source(authMember) });
    }
    if (explicit.length === 0) {
        for (const [service, via] of reach) {
            const entities = ownership.entitiesOf(service);
            const source = ctx.source(component);
            if (service === issuer) routes.push({ prefix: '/api/auth', service, via, implicit: true, source });
            for (const entity of entities) {
                routes.push({ prefix: `/api/${resourceName(entity)}`, service, via, implicit: true, source });
            }
            if (entities.length === 0 && service !== issuer) {
                routes.push({ prefix: `/api/${kebabCase(service)}`, service, via, implicit: true, source });
            }
        }
    }
    let auth: GatewayAuth | undefined;
    if (authMember && issuer) {
        const expires = authMember.expires !== undefined ? parseDuration(authMember.expires) : undefined;
        auth = {
            scheme: 'jwt',
            issuer,
            roles: authMember.roles.length > 0 ? [...authMember.roles] : ownership.rolesOf(issuer),
            tokenTtlSeconds: expires ? Math.round(expires / 1000) : 3600,
            source: ctx.source(authMember)
        };
    }
    const publicRoutes: RouteRule[] = component.members.filter(ast.isPublicRoute).map(p => ({
        methods: methods(p.methods), path: normalizePath(p.path), source: ctx.source(p)
    }));
    if (auth) {
        for (const path of ['/api/auth/register', '/api/auth/login']) {
            if (!publicRoutes.some(r => r.path === path)) {
                publicRoutes.push({ methods: ['POST'], path, source: auth.source });
            }
        }
    }
    const restrictions: RoleRestriction[] = component.members.filter(ast.isRestriction).map(r => ({
        methods: methods(r.methods), path: normalizePath(r.path), roles: [...r.roles], source: ctx.source(r)
    }));
    const rate = component.members.find(ast.isRateLimit);
    const rateLimit: RateLimit = rate
        ? { requests: rate.rate, per: rate.unit === 'minute' ? 'minute' : 'second', burst: rate.burst ?? rate.rate * 2 }
        : { requests: 10, per: 'second', burst: 20 };
    const cors = component.members.filter(ast.isCors).flatMap(c => [...c.origins]);
    const body = component.members.find(ast.isMaxBody);
    const maxBodySize = (body ? parseSize(body.size) : undefined) ?? '1m';
    return auth
        ? { routes, auth, publicRoutes, restrictions, rateLimit, corsOrigins: cors, maxBodySize }
        : { routes, publicRoutes, restrictions, rateLimit, corsOrigins: cors, maxBodySize };
}

function methods(words: string[]): HttpMethod[] {
    return words.map(w => w.toUpperCase() as HttpMethod);
}

/** `/api/products/` -> `/api/products`; `api/x` -> `/api/x`. */
export function normalizePath(path: string): string {
    let p = path.trim();
    if (!p.startsWith('/')) p = `/${p}`;
    while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
    return p;
}
