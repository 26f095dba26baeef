import {
    type ArchitectureModel,
    type Component,
    type GatewayComponent,
    type HttpMethod,
    type RouteRule,
    findComponent
} from '@archgen/model';
import { httpTargets } from '../environment.js';
import { componentFolder } from '../layout.js';
import { sourceRef } from '../source.js';
import {
    type ErrorPageView,
    type UpstreamView,
    errorPage,
    healthBody,
    listenAddress,
    mostSpecificFirst,
    nginxName,
    nginxString,
    prefixPattern,
    targetUpstream,
    upstreamName
} from './syntax.js';

/** Where the gateway asks the issuer whether a request may pass (an internal location). */
export const AUTH_LOCATION = '/_archgen/auth';
/** The issuer's endpoint that answers it (built by the services: 200 with X-User-Id/X-User-Roles, 401 or 403). */
export const VERIFY_PATH = '/api/auth/verify';

/** One entry of a `map "$request_method $uri"`: a quoted regex key and its value. */
export interface MapEntryView {
    readonly key: string;
    readonly value: string;
    /** The model rule it comes from (`shop.arch:22`). */
    readonly comment: string;
}

export interface GatewayAuthView {
    /** The map variables over `"$request_method $uri"`. */
    readonly publicMap: string;
    readonly rolesMap: string;
    readonly publicRules: readonly MapEntryView[];
    readonly roleRules: readonly MapEntryView[];
    readonly location: string;
    /** `http://<upstream>/api/auth/verify`. */
    readonly verifyUrl: string;
    readonly issuer: string;
}

export interface CorsView {
    readonly originMap: string;
    readonly methodsMap: string;
    readonly headersMap: string;
    readonly exposeMap: string;
    /** What the origin map answers for an origin not listed: `""` (no CORS headers) or `$http_origin` (any). */
    readonly otherOrigins: string;
    /** Quoted origins, each allowed. */
    readonly origins: readonly string[];
    readonly methods: string;
    readonly headers: string;
    readonly expose: string;
}

export interface GatewayRouteView {
    readonly prefix: string;
    readonly pattern: string;
    readonly upstream: string;
    /** `/api/products -> products (via shop_lb), shop.arch:19`. */
    readonly comment: string;
}

/** The view of `gateways/<serviceName>/default.conf.template`. */
export interface GatewayView {
    readonly folder: string;
    readonly name: string;
    readonly zone: string;
    /** `20r/s`, `100r/m`. */
    readonly rate: string;
    readonly burst: number;
    readonly maxBodySize: string;
    readonly listen: string;
    readonly health: string;
    readonly upstreams: readonly UpstreamView[];
    readonly routes: readonly GatewayRouteView[];
    readonly auth: GatewayAuthView | null;
    /** What the proxied request carries as X-User-Id / X-User-Roles: the verified values, or nothing. */
    readonly userId: string;
    readonly userRoles: string;
    readonly cors: CorsView;
    readonly errors: readonly ErrorPageView[];
    /** The JSON body of the 404 for a path no route covers, quoted. */
    readonly notFound: string;
}

const CORS_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const CORS_HEADERS = 'Authorization, Content-Type, Accept';
const CORS_EXPOSE = 'X-Upstream, X-Instance';

export function gatewayView(model: ArchitectureModel, gateway: GatewayComponent): GatewayView {
    const key = nginxName(gateway.serviceName);
    const targets = httpTargets(model, gateway);
    const reachable = new Map(targets.map(t => [t.name, t]));
    const routes = mostSpecificFirst(gateway.routes.filter(r => reachable.has(r.via)), r => r.prefix);
    const auth = authView(model, gateway, key, reachable);
    const verifier = auth ? authTarget(gateway, reachable) : undefined;
    const used = new Set([...routes.map(r => r.via), ...(verifier ? [verifier.name] : [])]);
    return {
        folder: componentFolder(gateway),
        name: gateway.name,
        zone: `archgen_${key}`,
        rate: `${gateway.rateLimit.requests}r/${gateway.rateLimit.per === 'minute' ? 'm' : 's'}`,
        burst: gateway.rateLimit.burst,
        maxBodySize: gateway.maxBodySize,
        listen: listenAddress(),
        health: healthBody(gateway.name),
        upstreams: targets.filter(t => used.has(t.name)).map(t => targetUpstream(gateway, t)),
        routes: routes.map(route => {
            const via = reachable.get(route.via)!;
            const through = route.via === route.service ? '' : ` (via ${route.via})`;
            return {
                prefix: route.prefix,
                pattern: prefixPattern(route.prefix),
                upstream: upstreamName(gateway.serviceName, via.serviceName),
                comment: `${route.prefix} -> ${route.service}${through}, ${sourceRef(route.source)}`
            };
        }),
        auth,
        userId: auth ? '$archgen_user_id' : '""',
        userRoles: auth ? '$archgen_user_roles' : '""',
        cors: corsView(gateway, key),
        errors: [
            errorPage(401, 'A valid token is required: send Authorization: Bearer <token>.'),
            errorPage(403, 'Your roles do not allow this request.'),
            errorPage(413, `The request body is larger than ${gateway.maxBodySize}.`),
            errorPage(429, 'Too many requests: slow down and try again.'),
            errorPage(500, 'The gateway could not check the request.'),
            errorPage(502, 'The service behind the gateway did not answer.'),
            errorPage(503, 'The service behind the gateway is unavailable.'),
            errorPage(504, 'The service behind the gateway took too long to answer.')
        ],
        notFound: errorPage(404, 'No route of the gateway matches this path.').body
    };
}

/** The component the gateway sends verification requests to: the issuer's route target, or the issuer. */
function authTarget(gateway: GatewayComponent, reachable: ReadonlyMap<string, Component>): Component | undefined {
    if (!gateway.auth) return undefined;
    const issuer = gateway.auth.issuer;
    const via = gateway.routes.find(r => r.service === issuer && reachable.has(r.via))?.via ?? issuer;
    return reachable.get(via);
}

function authView(
    model: ArchitectureModel,
    gateway: GatewayComponent,
    key: string,
    reachable: ReadonlyMap<string, Component>
): GatewayAuthView | null {
    if (!gateway.auth) return null;
    const target = authTarget(gateway, reachable);
    if (!target) {
        const issuer = findComponent(model, gateway.auth.issuer)?.name ?? gateway.auth.issuer;
        throw new Error(`Gateway '${gateway.name}' cannot reach its token issuer '${issuer}'.`);
    }
    return {
        publicMap: `$archgen_${key}_public`,
        rolesMap: `$archgen_${key}_roles`,
        publicRules: mostSpecificFirst(gateway.publicRoutes, r => r.path).map(r => mapEntry(r, '1')),
        roleRules: mostSpecificFirst(gateway.restrictions, r => r.path).map(r => mapEntry(r, nginxString(r.roles.join(',')))),
        location: AUTH_LOCATION,
        verifyUrl: `http://${upstreamName(gateway.serviceName, target.serviceName)}${VERIFY_PATH}`,
        issuer: gateway.auth.issuer
    };
}

/** `"~^(?:GET|HEAD) /api/products(?:/|$)"`: the methods (any when none) and the path and everything below it. */
export function ruleKey(methods: readonly HttpMethod[], path: string): string {
    const method = methods.length === 0 ? '[A-Z]+' : `(?:${methods.join('|')})`;
    return nginxString(`~^${method} ${prefixPattern(path).slice(1)}`);
}

function mapEntry(rule: RouteRule, value: string): MapEntryView {
    const methods = rule.methods.length === 0 ? 'any method' : rule.methods.join(', ');
    return { key: ruleKey(rule.methods, rule.path), value, comment: `${methods} ${rule.path}, ${sourceRef(rule.source)}` };
}

function corsView(gateway: GatewayComponent, key: string): CorsView {
    const any = gateway.corsOrigins.includes('*');
    return {
        originMap: `$archgen_${key}_cors_origin`,
        methodsMap: `$archgen_${key}_cors_methods`,
        headersMap: `$archgen_${key}_cors_headers`,
        exposeMap: `$archgen_${key}_cors_expose`,
        otherOrigins: any ? '$http_origin' : '""',
        origins: gateway.corsOrigins.filter(o => o !== '*').map(nginxString),
        methods: nginxString(CORS_METHODS),
        headers: nginxString(CORS_HEADERS),
        expose: nginxString(CORS_EXPOSE)
    };
}
