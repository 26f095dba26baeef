import type { LangiumDocument } from 'langium';
import type {
    ArchitectureModel, Broker, BrokerProtocol, Component, ComponentKind, Connector, DatabaseEngine, Entity, Exposure,
    LoadBalancingStrategy, Zone
} from '@archgen/model';
import type { ArchgenServices } from '../arch-module.js';
import * as ast from '../generated/ast.js';
import { parseDuration } from '../util/quantities.js';
import { buildEntity, indexEntities, type EntityIndex } from './build-entities.js';
import { buildGateway, tokenIssuer } from './build-gateway.js';
import { buildCallRules } from './build-calls.js';
import { buildMessage, channelOf } from './build-messages.js';
import { BuildContext } from './context.js';
import { defaultExposure } from './exposure.js';
import { Ownership } from './ownership.js';
import { ImportGraph } from '../references/imports.js';
import { serviceName, snakeCase } from './names.js';
import { requireWholeCst } from '../parser/lazy-cst.js';

/**
 * Builds the IR of a document without errors, with everything it imports
 * (see ImportGraph). The caller checks the document and its imports for
 * errors first: on a broken model the result is unspecified.
 */
export function buildModel(services: ArchgenServices, document: LangiumDocument<ast.Model>): ArchitectureModel {
    const documents = new ImportGraph(services.shared.workspace.LangiumDocuments).closure(document);
    // The IR reads the range and doc comment of nearly every node: a lazily parsed file builds its whole CST at once.
    for (const d of documents) requireWholeCst(d.parseResult.value);
    const ctx = new BuildContext(services, document, documents);
    const root = document.parseResult.value;
    const ownership = new Ownership(ctx);
    const entityIndex = indexEntities(ctx);
    const exposure = defaultExposure(ctx);
    const connectors: Connector[] = ctx.connectors.map(c => buildConnector(ctx, entityIndex, c));
    const brokers = buildBrokers(connectors);
    const dependsOn = dependencies(ctx);
    const issuers = new Set<string>();
    for (const c of ctx.components) {
        if (c.kind !== 'api_gateway') continue;
        const issuer = tokenIssuer(ctx, ownership, c);
        if (issuer !== undefined) issuers.add(issuer);
    }

    const brokersOf = brokersByComponent(connectors);

    const components: Component[] = ctx.components.map(node => {
        const kind = node.kind as ComponentKind;
        const name = node.name;
        const brokers = brokersOf.get(name) ?? [];
        const service = serviceName(name);
        const doc = ctx.docOf(node);
        const replicas = node.members.find(ast.isReplicas)?.count ?? 1;
        const declared = exposure.get(name);
        const exposed = declared ?? ({ public: false, implicit: true } satisfies Exposure);
        const zones = zonesOf(ctx, node, declared?.public ?? false, brokers.length > 0);
        const depends = dependsOn.get(name) ?? [];
        const source = ctx.source(node);
        // Literals rather than spreads (a spread copies key by key, slowly); the keys in ComponentBase's order.
        const c: Record<string, unknown> = doc === undefined
            ? { name, serviceName: service, kind, replicas, exposure: exposed, zones, dependsOn: depends, brokers, source }
            : { name, serviceName: service, kind, doc, replicas, exposure: exposed, zones, dependsOn: depends, brokers, source };
        switch (kind) {
            case 'frontend':
                c['apis'] = httpTargets(ctx, name);
                break;
            case 'backend':
            case 'mqtp':
                c['databases'] = ownership.databasesOf(name);
                c['entities'] = ownership.entitiesOf(name);
                c['calls'] = httpTargets(ctx, name);
                c['publishes'] = uniqueChannels(ctx.connectorsFrom(name, 'message_queue'));
                c['consumes'] = uniqueChannels(ctx.connectorsTo(name, 'message_queue'));
                c['issuesTokens'] = issuers.has(name);
                break;
            case 'database': {
                const owners = ownership.ownersOf(name);
                const entities: Entity[] = [];
                for (const member of node.members) {
                    if (ast.isEntity(member)) entities.push(buildEntity(ctx, entityIndex, member, name, owners[0]));
                }
                c['engine'] = (node.members.find(ast.isEngine)?.name ?? 'postgres') as DatabaseEngine;
                c['databaseName'] = snakeCase(name) || 'app';
                c['entities'] = entities;
                c['owners'] = owners;
                break;
            }
            case 'load_balancer': {
                const health = node.members.find(ast.isHealth);
                const option = (n: string) => health?.options.find(o => o.name === n)?.value;
                c['strategy'] = (node.members.find(ast.isStrategy)?.name ?? 'round_robin') as LoadBalancingStrategy;
                c['targets'] = httpTargets(ctx, name);
                c['health'] = {
                    path: health?.path ?? '/health',
                    intervalMs: parseDuration(option('interval')) ?? 5000,
                    maxFails: Number(option('max_fails') ?? 3),
                    failTimeoutMs: parseDuration(option('fail_timeout')) ?? 10_000
                };
                break;
            }
            case 'api_gateway':
                Object.assign(c, buildGateway(ctx, ownership, node));
                break;
            default:
                return undefined as unknown as Component; // an unknown kind: validation reports it before any IR is built
        }
        return c as unknown as Component;
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

function buildConnector(ctx: BuildContext, entityIndex: EntityIndex, c: ast.Connector): Connector {
    const fromName = c.from.ref?.name;
    const toName = c.to.ref?.name;
    const id = `${c.kind}:${fromName}->${toName}`;
    const kind = c.kind as Connector['kind'];
    const from = fromName ?? c.from.$refText;
    const to = toName ?? c.to.$refText;
    const doc = ctx.docOf(c);
    const message = c.kind === 'message_queue' ? buildMessage(ctx, entityIndex, c) : undefined;
    const calls = c.kind === 'http' ? buildCallRules(ctx, c) : [];
    const source = ctx.source(c);
    // One literal per combination of the optional keys, so that each connector is laid out once.
    if (doc === undefined) {
        return message === undefined ? { id, kind, from, to, calls, source } : { id, kind, from, to, message, calls, source };
    }
    return message === undefined ? { id, kind, from, to, doc, calls, source } : { id, kind, from, to, doc, message, calls, source };
}

/** The components a component calls over http, each once, in connector order. */
function httpTargets(ctx: BuildContext, name: string): string[] {
    const targets: string[] = [];
    for (const c of ctx.connectorsFrom(name, 'http')) {
        const target = c.to.ref?.name;
        if (target !== undefined) targets.push(target);
    }
    return distinct(targets);
}

/** The channels of some message_queue connectors, each once, in order. */
function uniqueChannels(connectors: readonly ast.Connector[]): string[] {
    return distinct(connectors.map(channelOf));
}

/** Each name once, in order (`[...new Set(names)]`), without a set for the short lists most are. */
function distinct(names: string[]): string[] {
    if (names.length > 16) return [...new Set(names)];
    for (let i = 1; i < names.length; i++) {
        if (names.indexOf(names[i]!) < i) return [...new Set(names)];
    }
    return names;
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
