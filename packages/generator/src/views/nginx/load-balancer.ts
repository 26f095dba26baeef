import {
    type ArchitectureModel,
    type Component,
    type LoadBalancerComponent,
    type LoadBalancingStrategy,
    isFrontend,
    isService
} from '@archgen/model';
import { routesVia } from '../../model-index.js';
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
    nginxTime,
    prefixPattern,
    targetUpstream,
    upstreamName
} from './syntax.js';

/** The nginx directive of each strategy (round robin is nginx's default: none). */
export const STRATEGY_DIRECTIVES: Readonly<Record<LoadBalancingStrategy, readonly string[]>> = {
    round_robin: [],
    least_connections: ['least_conn'],
    ip_hash: ['ip_hash']
};

export interface LoadBalancerRouteView {
    readonly pattern: string;
    readonly upstream: string;
    readonly comment: string;
}

/** The view of `load-balancers/<serviceName>/default.conf.template`. */
export interface LoadBalancerView {
    readonly folder: string;
    readonly name: string;
    /** One sentence on what it balances and how. */
    readonly summary: string;
    readonly health: string;
    readonly listen: string;
    readonly upstreams: readonly UpstreamView[];
    /** With several targets: one location per route prefix a gateway sends through this balancer. */
    readonly routes: readonly LoadBalancerRouteView[];
    /** Everything else (`location /`). */
    readonly fallback: LoadBalancerRouteView;
    readonly errors: readonly ErrorPageView[];
}

const STRATEGY_TEXT: Readonly<Record<LoadBalancingStrategy, string>> = {
    round_robin: 'round robin',
    least_connections: 'least connections',
    ip_hash: 'client address hash'
};

export function loadBalancerView(model: ArchitectureModel, lb: LoadBalancerComponent): LoadBalancerView {
    const directives = STRATEGY_DIRECTIVES[lb.strategy];
    const targets = httpTargets(model, lb);
    const upstreams = targets.map(t => targetUpstream(lb, t, directives));
    const fallbackTargets = targets.filter(isFrontend).length > 0 ? targets.filter(isFrontend) : targets;
    const pool = (suffix: string, members: readonly Component[]): UpstreamView => ({
        name: `archgen_${nginxName(lb.serviceName)}__${suffix}`,
        directives,
        servers: members.flatMap(t => targetUpstream(lb, t).servers),
        comment: `Every instance of ${members.map(t => `'${t.name}'`).join(', ')}`
    });
    // `/` goes to the frontend, else spreads over every target; interchangeable
    // skeletons share one pool (the same as that one when they are every target).
    const allPool = fallbackTargets.length > 1 ? pool('all', fallbackTargets) : undefined;
    const skeletons = interchangeable(targets);
    const sameAsAll = allPool !== undefined && skeletons.length === fallbackTargets.length && skeletons.every(t => fallbackTargets.includes(t));
    const skeletonPool = skeletons.length === 0 ? undefined : sameAsAll ? allPool : pool('skeletons', skeletons);
    if (skeletonPool && skeletonPool !== allPool) upstreams.push(skeletonPool);
    if (allPool) upstreams.push(allPool);
    const only = fallbackTargets[0]!;
    const fallback: LoadBalancerRouteView = allPool
        ? { pattern: '/', upstream: allPool.name, comment: `Everything else: spread over ${fallbackTargets.map(t => `'${t.name}'`).join(', ')}.` }
        : { pattern: '/', upstream: upstreamName(lb.serviceName, only.serviceName), comment: `Everything else: ${only.kind} '${only.name}'.` };
    return {
        folder: componentFolder(lb),
        name: lb.name,
        summary: `${STRATEGY_TEXT[lb.strategy]} over ${targets.map(t => `${t.kind} '${t.name}'`).join(', ')}`
            + `; an instance that fails ${lb.health.maxFails === 1 ? "once" : `${lb.health.maxFails} times`} is left out for ${nginxTime(lb.health.failTimeoutMs)}`,
        health: healthBody(lb.name),
        listen: listenAddress(),
        upstreams,
        routes: targets.length > 1 ? routesThrough(model, lb, targets, skeletonPool) : [],
        fallback,
        errors: [
            errorPage(502, 'No instance behind the load balancer answered.'),
            errorPage(503, 'No instance behind the load balancer is available.'),
            errorPage(504, 'The instance behind the load balancer took too long to answer.')
        ]
    };
}

/**
 * Skeleton services behind one balancer (no entities, no accounts: the
 * base dialect's backends) are interchangeable: each answers every info route,
 * so the balancer spreads all their routes over all of them.
 */
function interchangeable(targets: readonly Component[]): Component[] {
    const skeletons = targets.filter(t => isService(t) && t.entities.length === 0 && !t.issuesTokens);
    return skeletons.length >= 2 ? skeletons : [];
}

/** The route prefixes gateways send through this balancer, each to the target (or pool) that answers it. */
function routesThrough(model: ArchitectureModel, lb: LoadBalancerComponent, targets: readonly Component[], pool?: UpstreamView): LoadBalancerRouteView[] {
    const byName = new Map(targets.map(t => [t.name, t]));
    const pooled = new Set(interchangeable(targets).map(t => t.name));
    const seen = new Set<string>();
    const routes = routesVia(model, lb.name).filter(({ route }) => byName.has(route.service));
    const unique = routes.filter(({ route }) => !seen.has(route.prefix) && seen.add(route.prefix));
    return mostSpecificFirst(unique, ({ route }) => route.prefix).map(({ gateway, route }) => ({
        pattern: prefixPattern(route.prefix),
        upstream: pool && pooled.has(route.service) ? pool.name : upstreamName(lb.serviceName, byName.get(route.service)!.serviceName),
        comment: pool && pooled.has(route.service)
            ? `${route.prefix} -> any of ${[...pooled].map(n => `'${n}'`).join(', ')} (interchangeable skeletons; routed here by '${gateway.name}', ${sourceRef(route.source)})`
            : `${route.prefix} -> ${route.service} (routed here by '${gateway.name}', ${sourceRef(route.source)})`
    }));
}

