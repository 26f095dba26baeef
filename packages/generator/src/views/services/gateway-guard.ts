/**
 * What the gateways ask of a request to a service, read from the model as the
 * gateway's nginx configuration applies it (views/nginx/gateway.ts): the most
 * specific route prefix decides where a request goes; a public rule lets it
 * through without a token; the most specific restriction names the roles.
 */
import { type ArchitectureModel, type GatewayComponent, type HttpMethod, type RouteRule, type ServiceComponent, isGateway } from '@archgen/model';
import { groupBy } from '../../model-index.js';

export interface Guard {
    /** The gateway asks for a token. */
    readonly token: boolean;
    /** One of them is needed (empty: any user). */
    readonly roles: readonly string[];
    /** What the description says. */
    readonly text: string | undefined;
}

/** `path` and everything below it, as the gateway's prefixes match. */
export function under(path: string, prefix: string): boolean {
    return prefix === '/' || prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
}

function allows(rule: RouteRule, method: HttpMethod): boolean {
    return rule.methods.length === 0 || rule.methods.includes(method);
}

/**
 * Every prefix under which `path` falls (see under()), longest first: the path
 * itself, the path cut at each `/`, then `/` and the empty prefix. Two
 * different prefixes of the same length cannot both hold a path, so "the
 * first rule in the order of mostSpecificFirst that covers the path" is the
 * first rule, in model order, of the first of these prefixes that has any.
 */
export function prefixesCovering(path: string): string[] {
    const out = [path];
    for (let i = path.length - 1; i > 0; i--) if (path.charCodeAt(i) === 47 /* / */) out.push(path.slice(0, i));
    if (out[out.length - 1] !== '/') out.push('/');
    if (path !== '') out.push('');
    return out;
}

/** A gateway's routes, public routes and restrictions by prefix, each list in model order: made once per gateway. */
interface PrefixRules {
    readonly routes: ReadonlyMap<string, readonly GatewayComponent['routes'][number][]>;
    readonly publicRoutes: ReadonlyMap<string, readonly GatewayComponent['publicRoutes'][number][]>;
    readonly restrictions: ReadonlyMap<string, readonly GatewayComponent['restrictions'][number][]>;
}

const prefixRules = new WeakMap<GatewayComponent, PrefixRules>();

function rulesOf(gateway: GatewayComponent): PrefixRules {
    let rules = prefixRules.get(gateway);
    if (!rules) {
        rules = {
            routes: groupBy(gateway.routes, r => r.prefix),
            publicRoutes: groupBy(gateway.publicRoutes, r => r.path),
            restrictions: groupBy(gateway.restrictions, r => r.path)
        };
        prefixRules.set(gateway, rules);
    }
    return rules;
}

/**
 * The most specific rule covering the path (given as its prefixesCovering)
 * that `accept`s: what mostSpecificFirst(rules).find(...) answers, without a
 * sort and a scan of every rule per request path.
 */
function first<T>(rules: ReadonlyMap<string, readonly T[]>, prefixes: readonly string[], accept: (rule: T) => boolean): T | undefined {
    for (const prefix of prefixes) {
        const list = rules.get(prefix);
        if (list) for (const rule of list) if (accept(rule)) return rule;
    }
    return undefined;
}

const routing = new WeakMap<ArchitectureModel, Map<string, GatewayComponent[]>>();

/** The gateways with a route to the service, in model order (only they can guard it), indexed once per model. */
export function gatewaysRoutingTo(model: ArchitectureModel, service: string): readonly GatewayComponent[] {
    let byService = routing.get(model);
    if (!byService) {
        byService = new Map();
        for (const gateway of model.components.filter(isGateway)) {
            for (const name of new Set(gateway.routes.map(r => r.service))) {
                const list = byService.get(name);
                if (list) list.push(gateway);
                else byService.set(name, [gateway]);
            }
        }
        routing.set(model, byService);
    }
    return byService.get(service) ?? [];
}

/**
 * What the gateways that route `method path` to this service ask of it (the
 * most specific of their prefixes decides where a request goes): a token
 * unless a public rule matches, and the roles of the most specific restriction.
 */
export function guardOf(model: ArchitectureModel, service: ServiceComponent, method: HttpMethod, path: string): Guard | null {
    const guards: { gateway: GatewayComponent; roles: readonly string[] }[] = [];
    const prefixes = prefixesCovering(path);
    for (const gateway of gatewaysRoutingTo(model, service.name)) {
        const rules = rulesOf(gateway);
        const route = first(rules.routes, prefixes, () => true);
        if (!route || route.service !== service.name || !gateway.auth) continue;
        if (first(rules.publicRoutes, prefixes, r => allows(r, method))) continue;
        const restriction = first(rules.restrictions, prefixes, r => allows(r, method));
        guards.push({ gateway, roles: restriction?.roles ?? [] });
    }
    if (guards.length === 0) return null;
    const roles = [...new Set(guards.flatMap(g => g.roles))];
    const gateways = guards.map(g => `'${g.gateway.name}'`).join(', ');
    return {
        token: true,
        roles,
        text: roles.length > 0
            ? `Through the gateway ${gateways}, only with the token of a user with the role ${roles.join(' or ')}.`
            : `Through the gateway ${gateways}, only with a token.`
    };
}
