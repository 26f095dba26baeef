/**
 * What the gateways ask of a request to a service, read from the model as the
 * gateway's nginx configuration applies it (views/nginx/gateway.ts): the most
 * specific route prefix decides where a request goes; a public rule lets it
 * through without a token; the most specific restriction names the roles.
 */
import { type ArchitectureModel, type GatewayComponent, type HttpMethod, type RouteRule, type ServiceComponent, isGateway } from '@archgen/model';
import { mostSpecificFirst } from '../nginx/syntax.js';

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

function applies(rule: RouteRule, method: HttpMethod, path: string): boolean {
    return (rule.methods.length === 0 || rule.methods.includes(method)) && under(path, rule.path);
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
    for (const gateway of gatewaysRoutingTo(model, service.name)) {
        const route = mostSpecificFirst(gateway.routes, r => r.prefix).find(r => under(path, r.prefix));
        if (!route || route.service !== service.name || !gateway.auth) continue;
        if (gateway.publicRoutes.some(r => applies(r, method, path))) continue;
        const restriction = mostSpecificFirst(gateway.restrictions, r => r.path).find(r => applies(r, method, path));
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
