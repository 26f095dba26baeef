import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { componentKind, connectorKind, contextOf, Describe, describe, isService, safeChannelOf } from './_context.js';
import { at, lineOf, quoteList, rangeOf, relatedAt, report, spanTo } from './_shared.js';
import { isWellFormed } from './connector.js';
import { IssueCodes } from './issue-codes.js';

/**
 * Checks on the model as a graph. Each builds its maps once (through the
 * shared validation context) and walks components and connectors linearly.
 */

/** The same kind between the same two components (and, for queues, on the same channel) twice. */
export function connectorShouldBeDeclaredOnce(model: ast.Model, accept: ValidationAcceptor): void {
    const first = new Map<string, ast.Connector>();
    for (const connector of contextOf(model).build.connectors) {
        const from = connector.from?.ref?.name;
        const to = connector.to?.ref?.name;
        if (!connector.kind || from === undefined || to === undefined) continue;
        const channel = connector.kind === 'message_queue' ? safeChannelOf(connector) : '';
        if (channel === undefined) continue;
        const key = `${connector.kind}\u0000${from}\u0000${to}\u0000${channel}`;
        const earlier = first.get(key);
        if (!earlier) {
            first.set(key, connector);
            continue;
        }
        const onChannel = channel ? ` on channel '${channel}'` : '';
        report(accept, 'warning', IssueCodes.DuplicateConnector,
            `Connector '${connector.kind}' from '${from}' to '${to}'${onChannel} is already declared on line ${lineOf(earlier, connector)}: declare each connection once.`,
            { ...at(connector, spanTo(connector, 'to')), relatedInformation: relatedAt(earlier, 'The first declaration.', spanTo(earlier, 'to')) });
    }
}

/** Two public components cannot publish the same host port. */
export function publicPortsMustNotConflict(model: ast.Model, accept: ValidationAcceptor): void {
    const ctx = contextOf(model);
    const byPort = new Map<number, ast.Component>();
    for (const [name, exposure] of ctx.exposure) {
        const component = ctx.build.byName.get(name);
        if (!exposure.public || exposure.port === undefined || !component) continue;
        const earlier = byPort.get(exposure.port);
        if (!earlier) {
            byPort.set(exposure.port, component);
            continue;
        }
        const declared = component.members.find(ast.isExposure);
        const earlierDeclared = earlier.members.find(ast.isExposure);
        report(accept, 'error', IssueCodes.PortConflict,
            `Port ${exposure.port} of ${describe(component)} is already published by ${describe(earlier)} on line ${lineOf(earlierDeclared ?? earlier, component)}: give each public component its own port.`,
            {
                ...at(component, declared ? rangeOf(declared, 'port') : rangeOf(component, 'name')),
                relatedInformation: earlierDeclared ? relatedAt(earlierDeclared, 'The port is first published here.', 'port') : []
            });
    }
}

/** Database-per-service: one service owns a database; the others ask that service. */
export function databaseShouldHaveOneOwner(model: ast.Model, accept: ValidationAcceptor): void {
    const ctx = contextOf(model);
    for (const database of ctx.build.components) {
        if (componentKind(database) !== 'database' || !ctx.isFirstOfName(database)) continue;
        if (ctx.ownership.ownersOf(database.name).length < 2) continue;
        // Only services own databases; a db_connector from anything else is an error of its own.
        const owners = ctx.ownership.ownersOf(database.name).filter(o => isService(ctx.build.kindOf(o)));
        if (owners.length < 2) continue;
        const connectors = ctx.build.connectorsTo(database.name, 'db_connector');
        const anchor = connectors.find(c => c.from.ref?.name !== owners[0] && owners.includes(c.from.ref?.name ?? ''));
        if (!anchor) continue;
        report(accept, 'warning', IssueCodes.SharedDatabase,
            `${Describe(database)} is used by ${quoteList(owners)}: each service should own its database, so let the others call '${owners[0]}' over http or give them their own database.`,
            {
                node: anchor, property: 'from',
                relatedInformation: connectors.filter(c => c !== anchor && owners.includes(c.from.ref?.name ?? ''))
                    .flatMap(c => relatedAt(c, `'${c.from.ref?.name}' also uses '${database.name}'.`, spanTo(c, 'to')))
            });
    }
}

/**
 * A generated service serves one database: the first its db_connectors name.
 * Each further one is reported on its db_connector: its entities get no API,
 * and call rules on them cannot run.
 */
export function serviceShouldUseOneDatabase(model: ast.Model, accept: ValidationAcceptor): void {
    const ctx = contextOf(model);
    for (const service of ctx.build.components) {
        if (!isService(componentKind(service)) || !ctx.isFirstOfName(service)) continue;
        const databases = ctx.ownership.databasesOf(service.name).filter(name => componentKind(ctx.build.byName.get(name)) === 'database');
        if (databases.length < 2) continue;
        const connectors = ctx.build.connectorsFrom(service.name, 'db_connector');
        const served = connectors.find(c => c.to.ref?.name === databases[0]);
        for (const database of databases.slice(1)) {
            const connector = connectors.find(c => c.to.ref?.name === database);
            if (!connector) continue;
            report(accept, 'warning', IssueCodes.UnservedDatabase,
                `${Describe(service)} already uses the database '${databases[0]}': its generated service serves one database, so the entities of '${database}' get no API and call rules on them cannot run. Give '${database}' a service of its own, or move its entities into '${databases[0]}'.`,
                { node: connector, property: 'to', relatedInformation: served ? relatedAt(served, `'${service.name}' serves '${databases[0]}'.`, spanTo(served, 'to')) : [] });
        }
    }
}

interface Edge {
    readonly to: number;
    readonly connector: ast.Connector;
}

/**
 * Cycles of synchronous calls: Tarjan's strongly connected components over
 * the http edges (iterative, linear), one warning per component of the graph
 * that holds a cycle, naming one shortest cycle through its first member.
 */
export function httpCallsShouldNotFormCycle(model: ast.Model, accept: ValidationAcceptor): void {
    const ctx = contextOf(model);
    const nodes = ctx.build.components.filter(c => ctx.isFirstOfName(c));
    const id = new Map<ast.Component, number>();
    for (let i = 0; i < nodes.length; i++) id.set(nodes[i]!, i);
    // Most components call nothing: they share one empty list.
    const edges: Edge[][] = new Array<Edge[]>(nodes.length).fill(NO_EDGES);
    for (const connector of ctx.build.connectors) {
        if (connectorKind(connector) !== 'http' || !isWellFormed(connector)) continue;
        const from = connector.from?.ref ? id.get(connector.from.ref) : undefined;
        const to = connector.to?.ref ? id.get(connector.to.ref) : undefined;
        if (from === undefined || to === undefined || from === to) continue;
        if (edges[from] === NO_EDGES) edges[from] = [];
        edges[from]!.push({ to, connector });
    }
    for (const scc of stronglyConnected(edges, false)) {
        if (scc.length < 2) continue;
        const cycle = shortestCycle(edges, scc);
        if (cycle.length === 0) continue;
        const names = [nodes[scc[0]!]!.name, ...cycle.map(e => nodes[e.to]!.name)];
        const first = cycle[0]!.connector;
        report(accept, 'warning', IssueCodes.SyncCycle,
            `Synchronous http calls form a cycle ${names.join(' -> ')}: a request can end up waiting on itself, so break the cycle or make one call a message_queue.`,
            {
                ...at(first, spanTo(first, 'to')),
                relatedInformation: cycle.slice(1).flatMap(e => relatedAt(e.connector, 'Part of the cycle.', spanTo(e.connector, 'to')))
            });
    }
}

const NO_EDGES: Edge[] = Object.freeze([]) as unknown as Edge[];

/**
 * Tarjan's algorithm without recursion: each component lists node ids,
 * smallest first. `singletons: false` leaves out the components of one node
 * (no cycle can run through them). The stacks are typed arrays: no object
 * per node.
 */
export function stronglyConnected(edges: readonly (readonly Edge[])[], singletons = true): number[][] {
    const n = edges.length;
    const index = new Int32Array(n).fill(-1);
    const low = new Int32Array(n);
    const onStack = new Uint8Array(n);
    const stack = new Int32Array(n);
    let top = 0;
    // The depth-first path: a node and the position of the next edge to follow from it.
    const workNode = new Int32Array(n);
    const workEdge = new Int32Array(n);
    const result: number[][] = [];
    let counter = 0;
    for (let root = 0; root < n; root++) {
        if (index[root] !== -1) continue;
        let depth = 1;
        workNode[0] = root;
        workEdge[0] = 0;
        index[root] = low[root] = counter++;
        stack[top++] = root;
        onStack[root] = 1;
        while (depth > 0) {
            const u = workNode[depth - 1]!;
            const out = edges[u]!;
            const next = workEdge[depth - 1]!;
            if (next < out.length) {
                workEdge[depth - 1] = next + 1;
                const w = out[next]!.to;
                if (index[w] === -1) {
                    index[w] = low[w] = counter++;
                    stack[top++] = w;
                    onStack[w] = 1;
                    workNode[depth] = w;
                    workEdge[depth] = 0;
                    depth++;
                } else if (onStack[w]) {
                    low[u] = Math.min(low[u]!, index[w]!);
                }
                continue;
            }
            depth--;
            if (depth > 0) {
                const parent = workNode[depth - 1]!;
                low[parent] = Math.min(low[parent]!, low[u]!);
            }
            if (low[u] !== index[u]) continue;
            if (!singletons && stack[top - 1] === u) {
                onStack[u] = 0;
                top--;
                continue;
            }
            const scc: number[] = [];
            let w: number;
            do {
                w = stack[--top]!;
                onStack[w] = 0;
                scc.push(w);
            } while (w !== u);
            result.push(scc.sort((a, b) => a - b));
        }
    }
    return result;
}

/** A shortest cycle through the first node of a strongly connected component (breadth-first, inside it only). */
function shortestCycle(edges: readonly (readonly Edge[])[], scc: readonly number[]): Edge[] {
    const start = scc[0]!;
    const inside = new Set(scc);
    const via = new Map<number, Edge & { from: number }>();
    const queue: number[] = [start];
    for (let head = 0; head < queue.length; head++) {
        const u = queue[head]!;
        for (const edge of edges[u]!) {
            if (!inside.has(edge.to)) continue;
            if (edge.to === start) {
                const path: Edge[] = [edge];
                for (let v = u; v !== start; v = via.get(v)!.from) path.unshift(via.get(v)!);
                return path;
            }
            if (via.has(edge.to)) continue;
            via.set(edge.to, { ...edge, from: u });
            queue.push(edge.to);
        }
    }
    return [];
}

/** A component with no connector in or out does nothing in the system. */
export function componentShouldBeConnected(component: ast.Component, accept: ValidationAcceptor): void {
    if (!component.name) return;
    const ctx = contextOf(component);
    if (!ctx.isFirstOfName(component)) return;
    if (ctx.build.connectorsFrom(component.name).length > 0 || ctx.build.connectorsTo(component.name).length > 0) return;
    report(accept, 'warning', IssueCodes.Unconnected,
        `${Describe(component)} is not connected to anything: add a connector to or from it, or remove it.`,
        { node: component, property: 'name' });
}

/**
 * Limit Exposure: while a gateway exists, neither a frontend nor anything
 * public reaches a service directly over http (nor through a load balancer
 * that targets services), and no service is itself public.
 */
export function gatewayShouldNotBeBypassed(model: ast.Model, accept: ValidationAcceptor): void {
    const ctx = contextOf(model);
    const gateway = ctx.gateways[0];
    if (!gateway) return;
    const tactic = `route it through gateway '${gateway.name}' (Limit Exposure)`;
    const isPublic = (c: ast.Component) => ctx.exposure.get(c.name)?.public === true;
    for (const connector of ctx.build.connectors) {
        if (connectorKind(connector) !== 'http') continue;
        // Only calls from a frontend or a public component matter: those first, the rest of the conditions after.
        const from = connector.from?.ref;
        const fromKind = componentKind(from);
        if (!from || !fromKind || fromKind === 'api_gateway') continue;
        if (fromKind !== 'frontend' && !isPublic(from)) continue;
        if (!isWellFormed(connector)) continue;
        const to = connector.to?.ref;
        const toKind = componentKind(to);
        if (!to || !toKind) continue;
        const who = fromKind === 'frontend' ? Describe(from) : `Public ${describe(from)}`;
        if (isService(toKind)) {
            report(accept, 'warning', IssueCodes.BypassesGateway,
                `${who} calls ${describe(to)} directly although a gateway exists: ${tactic}.`,
                { node: connector, property: 'to' });
        } else if (toKind === 'load_balancer') {
            const behind = ctx.build.connectorsFrom(to.name, 'http').map(c => c.to.ref).find(c => isService(componentKind(c)));
            if (!behind) continue;
            report(accept, 'warning', IssueCodes.BypassesGateway,
                `${who} reaches ${describe(behind)} through ${describe(to)} without the gateway: ${tactic}.`,
                { node: connector, property: 'to' });
        }
    }
    for (const component of ctx.build.components) {
        if (!isService(componentKind(component)) || !ctx.isFirstOfName(component) || !isPublic(component)) continue;
        const declared = component.members.find(ast.isExposure);
        const message = `${Describe(component)} is public although a gateway exists: make it private and ${tactic}.`;
        if (declared) report(accept, 'warning', IssueCodes.BypassesGateway, message, { node: declared });
        else report(accept, 'warning', IssueCodes.BypassesGateway, message, { node: component, property: 'name' });
    }
}

export const architectureChecks: ValidationChecks<ast.ArchgenAstType> = {
    Model: [
        connectorShouldBeDeclaredOnce, publicPortsMustNotConflict, databaseShouldHaveOneOwner, serviceShouldUseOneDatabase,
        httpCallsShouldNotFormCycle, gatewayShouldNotBeBypassed
    ],
    Component: [componentShouldBeConnected]
};
