import type { LangiumDocument } from 'langium';
import type {
    ArchitectureModel, Broker, BrokerProtocol, Component, ComponentKind, Connector, DatabaseEngine, Exposure,
    LoadBalancingStrategy, Zone
} from '@archgen/model';
import type { ArchgenServices } from '../arch-module.js';
import * as ast from '../generated/ast.js';
import { serviceName, snakeCase } from '../util/naming.js';
import { parseDuration } from '../util/quantities.js';
import { buildEntity, indexEntities } from './build-entities.js';
import { buildGateway, tokenIssuer } from './build-gateway.js';
import { buildCallRules } from './build-calls.js';
import { buildMessage, channelOf } from './build-messages.js';
import { BuildContext, unique } from './context.js';
import { defaultExposure } from './exposure.js';
import { Ownership } from './ownership.js';
import { ImportGraph } from '../references/imports.js';

/**
 * Builds the IR of a document without errors, with everything it imports
 * (see ImportGraph). The caller checks the document and its imports for
 * errors first: on a broken model the result is unspecified.
 */
export function buildModel(services: ArchgenServices, document: LangiumDocument<ast.Model>): ArchitectureModel {
    const documents = new ImportGraph(services.shared.workspace.LangiumDocuments).closure(document);
    const ctx = new BuildContext(services, document, documents);
    const root = document.parseResult.value;
    const ownership = new Ownership(ctx);
    const entityIndex = indexEntities(ctx);
    const exposure = defaultExposure(ctx);
    const connectors: Connector[] = ctx.connectors.map(c => ({
        id: `${c.kind}:${c.from.ref?.name}->${c.to.ref?.name}`,
        kind: c.kind as Connector['kind'],
        from: c.from.ref?.name ?? c.from.$refText,
        to: c.to.ref?.name ?? c.to.$refText,
        ...ctx.doc(c),
        ...(c.kind === 'message_queue' ? { message: buildMessage(ctx, entityIndex, c) } : {}),
        calls: c.kind === 'http' ? buildCallRules(ctx, c) : [],
        source: ctx.source(c)
    }));
    const brokers = buildBrokers(connectors);
    const dependsOn = dependencies(ctx);
    const issuers = new Set(ctx.components.filter(c => c.kind === 'api_gateway')
        .map(g => tokenIssuer(ctx, ownership, g)).filter((s): s is string => s !== undefined));

    const brokersOf = brokersByComponent(connectors);

    const components: Component[] = ctx.components.map(node => {
        const kind = node.kind as ComponentKind;
        const name = node.name;
        const componentBrokers = brokersOf.get(name) ?? [];
        const base = {
            name,
            serviceName: serviceName(name),
            kind,
            ...ctx.doc(node),
            replicas: node.members.find(ast.isReplicas)?.count ?? 1,
            exposure: exposure.get(name) ?? ({ public: false, implicit: true } satisfies Exposure),
            zones: zonesOf(ctx, node, exposure.get(name)?.public ?? false, componentBrokers.length > 0),
            dependsOn: dependsOn.get(name) ?? [],
            brokers: componentBrokers,
            source: ctx.source(node)
        };
        const httpOut = unique(ctx.connectorsFrom(name, 'http').map(c => c.to.ref?.name).filter(isString));
        switch (kind) {
            case 'frontend':
                return { ...base, kind, apis: httpOut };
            case 'backend':
            case 'mqtp':
                return {
                    ...base, kind,
                    databases: ownership.databasesOf(name),
                    entities: ownership.entitiesOf(name),
                    calls: httpOut,
                    publishes: unique(ctx.connectorsFrom(name, 'message_queue').map(channelOf)),
                    consumes: unique(ctx.connectorsTo(name, 'message_queue').map(channelOf)),
                    issuesTokens: issuers.has(name)
                };
            case 'database': {
                const owners = ownership.ownersOf(name);
                return {
                    ...base, kind,
                    engine: (node.members.find(ast.isEngine)?.name ?? 'postgres') as DatabaseEngine,
                    databaseName: snakeCase(name) || 'app',
                    entities: node.members.filter(ast.isEntity).map(e => buildEntity(ctx, entityIndex, e, name, owners[0])),
                    owners
                };
            }
            case 'load_balancer': {
                const health = node.members.find(ast.isHealth);
                const option = (n: string) => health?.options.find(o => o.name === n)?.value;
                return {
                    ...base, kind,
                    strategy: (node.members.find(ast.isStrategy)?.name ?? 'round_robin') as LoadBalancingStrategy,
                    targets: httpOut,
                    health: {
                        path: health?.path ?? '/health',
                        intervalMs: parseDuration(option('interval')) ?? 5000,
                        maxFails: Number(option('max_fails') ?? 3),
                        failTimeoutMs: parseDuration(option('fail_timeout')) ?? 10_000
                    }
                };
            }
            case 'api_gateway':
                return { ...base, kind, ...buildGateway(ctx, ownership, node) };
        }
    });

    const name = root.name ?? baseName(ctx.uri);
    return {
        name,
        projectName: serviceName(name),
        ...ctx.doc(root),
        source: ctx.source(root),
        components,
        connectors,
        brokers
    };
}

function isString(x: string | undefined): x is string {
    return x !== undefined;
}

function baseName(uri: string): string {
    const last = decodeURIComponent(uri.split('/').pop() ?? 'architecture');
    return last.replace(/\.arch$/, '') || 'architecture';
}

/**
 * Networks: public components join `edge`; everything that speaks http joins
 * `app`; databases, and services that use a database or a broker, join `data`.
 */
function zonesOf(ctx: BuildContext, node: ast.Component, isPublic: boolean, usesBroker: boolean): Zone[] {
    const zones: Zone[] = [];
    if (node.kind === 'database') return ['data'];
    if (isPublic) zones.push('edge');
    const speaksHttp = ctx.connectorsFrom(node.name, 'http').length > 0 || ctx.connectorsTo(node.name, 'http').length > 0;
    if (speaksHttp || isPublic || zones.length === 0) zones.push('app');
    if (ctx.connectorsFrom(node.name, 'db_connector').length > 0 || usesBroker) zones.push('data');
    return zones;
}

/**
 * What each component calls or uses: its http targets and databases, each
 * once, in model order. Every one of them, even when http calls form a cycle
 * (the validator warns about it): the generator derives upstreams and
 * addresses from these, and breaks cycles itself where only start-up order
 * needs it (compose refuses cyclic depends_on).
 */
function dependencies(ctx: BuildContext): Map<string, string[]> {
    const result = new Map<string, string[]>();
    for (const c of ctx.components) {
        if (result.has(c.name)) continue;
        const deps: string[] = [];
        for (const connector of ctx.connectorsFrom(c.name)) {
            if (connector.kind === 'message_queue') continue;
            const target = connector.to.ref?.name;
            if (target && target !== c.name && !deps.includes(target)) deps.push(target);
        }
        result.set(c.name, deps);
    }
    return result;
}

/** The brokers each component publishes to or consumes from, in the order of the connectors, each once. */
function brokersByComponent(connectors: readonly Connector[]): Map<string, string[]> {
    const byComponent = new Map<string, string[]>();
    for (const c of connectors) {
        if (!c.message) continue;
        for (const name of c.from === c.to ? [c.from] : [c.from, c.to]) {
            const list = byComponent.get(name);
            if (!list) byComponent.set(name, [c.message.broker]);
            else if (!list.includes(c.message.broker)) list.push(c.message.broker);
        }
    }
    return byComponent;
}

function buildBrokers(connectors: Connector[]): Broker[] {
    const byName = new Map<string, { engine: Broker['engine']; protocols: Set<BrokerProtocol>; channels: Set<string> }>();
    for (const c of connectors) {
        const m = c.message;
        if (!m) continue;
        const entry = byName.get(m.broker) ?? { engine: m.engine, protocols: new Set(), channels: new Set() };
        entry.protocols.add(m.protocol);
        entry.channels.add(m.channel);
        byName.set(m.broker, entry);
    }
    return [...byName.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, e]) => ({
        name,
        engine: e.engine,
        protocols: [...e.protocols].sort(),
        channels: [...e.channels].sort()
    }));
}
