import { type ArchitectureModel, type Component, type ComponentKind, type ConnectorKind, type Zone, isService } from '@archgen/model';
import { CONNECTOR_ORDER, KIND_STYLES, LEGEND_KIND_ORDER } from './style.js';

/**
 * What the architecture diagram shows, computed once from the IR; the DOT and
 * Mermaid builders only print it. Everything is in model order, so the same
 * model gives the same diagram, byte for byte.
 */
export interface DiagramView {
    /** The model's name, the diagram's title. */
    readonly title: string;
    /** Top to bottom or left to right: see `direction()`. */
    readonly direction: 'TB' | 'LR';
    /** The zones that hold something, from the outside in: edge, app, data. */
    readonly zones: readonly DiagramZone[];
    /**
     * In model order: one per http and db_connector connector; a
     * message_queue runs through its channel's node, as two edges
     * (publisher -> channel, channel -> consumer), each drawn once.
     */
    readonly edges: readonly DiagramEdge[];
    /** The public components and their ports, in model order (requests come from outside). */
    readonly entries: readonly DiagramEntry[];
    readonly legend: DiagramLegend;
}

export interface DiagramZone {
    readonly zone: Zone;
    /** Components, in model order. */
    readonly nodes: readonly DiagramNode[];
    /** Message channels, in the order the model first names them. */
    readonly channels: readonly DiagramChannel[];
}

export interface DiagramNode {
    /** The component's model name: unique in the model, and the node's id. */
    readonly name: string;
    readonly kind: ComponentKind;
    /** `backend`, `postgres database`, ...: the second line of the node. */
    readonly caption: string;
    readonly replicas: number;
    /** The host port of a public component, else null. */
    readonly port: number | null;
}

/** A channel of a broker: where the publishers of a message_queue put messages and its consumers take them. */
export interface DiagramChannel {
    /** `@channel:<broker>/<channel>`: never a component name (those are identifiers). */
    readonly id: string;
    readonly channel: string;
    /** The broker service that carries it. */
    readonly broker: string;
}

export interface DiagramEdge {
    /** A component name or a channel id. */
    readonly from: string;
    readonly to: string;
    readonly kind: ConnectorKind;
}

export interface DiagramEntry {
    readonly to: string;
    readonly port: number;
}

export interface DiagramLegend {
    /** The component kinds the model uses, from the outside in. */
    readonly kinds: readonly ComponentKind[];
    /** The connector kinds the model uses. */
    readonly connectors: readonly ConnectorKind[];
    /** True when some component is public. */
    readonly entry: boolean;
    /** The brokers the channels are on, sorted (none without message_queue connectors). */
    readonly brokers: readonly string[];
}

const ZONE_ORDER: readonly Zone[] = ['edge', 'app', 'data'];

/**
 * The one zone a component is drawn in. A component joins up to three
 * networks (`zones`, ordered edge, app, data); it is drawn in the outermost,
 * the one it is reached from: a public load balancer (edge and app) in edge, a
 * backend with a database (app and data) in app, a database (data only) in
 * data. A component that joins no network is drawn in app. A channel is drawn
 * in the zone of its first publisher, beside the services it links.
 */
export function primaryZone(component: Component): Zone {
    return ZONE_ORDER.find(zone => component.zones.includes(zone)) ?? 'app';
}

function caption(component: Component): string {
    return component.kind === 'database' ? `${component.engine} database` : KIND_STYLES[component.kind].label;
}

export function diagramView(model: ArchitectureModel): DiagramView {
    const zoneOf = new Map(model.components.map(c => [c.name, primaryZone(c)] as const));
    const nodes = model.components.map(c => ({
        name: c.name,
        kind: c.kind,
        caption: caption(c),
        replicas: c.replicas,
        port: c.exposure.public && c.exposure.port !== undefined ? c.exposure.port : null
    }));

    const channels = new Map<string, DiagramChannel & { readonly zone: Zone }>();
    const edges: DiagramEdge[] = [];
    const seen = new Set<string>();
    const addEdge = (edge: DiagramEdge): void => {
        const key = JSON.stringify([edge.from, edge.to, edge.kind]);
        if (edge.kind === 'message_queue' && seen.has(key)) return;
        seen.add(key);
        edges.push(edge);
    };
    for (const connector of model.connectors) {
        if (!connector.message) {
            addEdge({ from: connector.from, to: connector.to, kind: connector.kind });
            continue;
        }
        const { broker, channel } = connector.message;
        const id = `@channel:${broker}/${channel}`;
        if (!channels.has(id)) channels.set(id, { id, channel, broker, zone: zoneOf.get(connector.from) ?? 'app' });
        addEdge({ from: connector.from, to: id, kind: 'message_queue' });
        addEdge({ from: id, to: connector.to, kind: 'message_queue' });
    }

    const entries = nodes.flatMap(node => (node.port !== null ? [{ to: node.name, port: node.port }] : []));
    const zones = ZONE_ORDER.map(zone => ({
        zone,
        nodes: nodes.filter(n => zoneOf.get(n.name) === zone),
        channels: [...channels.values()].filter(c => c.zone === zone).map(({ id, channel, broker }) => ({ id, channel, broker }))
    })).filter(z => z.nodes.length + z.channels.length > 0);
    const usedKinds = new Set(model.components.map(c => c.kind));
    const usedConnectors = new Set(model.connectors.map(c => c.kind));
    const services = new Set(model.components.filter(isService).map(c => c.name));
    return {
        title: model.name,
        direction: direction(zones, edges, entries, services),
        zones,
        edges,
        entries,
        legend: {
            kinds: LEGEND_KIND_ORDER.filter(k => usedKinds.has(k)),
            connectors: CONNECTOR_ORDER.filter(k => usedConnectors.has(k)),
            entry: entries.length > 0,
            brokers: [...new Set([...channels.values()].map(c => c.broker))].sort()
        }
    };
}

/** Estimated size of a tier and of a node across it, in points, per direction (from the DOT builder's spacing). */
const ESTIMATE = {
    TB: { perTier: 95, perNode: 190 },
    LR: { perTier: 230, perNode: 70 }
} as const;
const SCREEN = 4 / 3;

/**
 * The diagram runs in tiers from the outside in: what leads to the services
 * (load balancers, frontends, gateways, the message channels), the services
 * side by side, their databases. A model with few services fits a page top
 * to bottom; one with many (a long row of services and databases) is drawn
 * left to right instead. Tiers come from the longest path along the edges
 * (calls between services ignored, cycles broken in model order), as the DOT
 * builder lays them out; the direction whose estimated picture is closest to
 * a 4:3 screen wins.
 */
export function direction(
    zones: readonly DiagramZone[],
    edges: readonly DiagramEdge[],
    entries: readonly DiagramEntry[],
    services: ReadonlySet<string>
): 'TB' | 'LR' {
    const nodes = zones.flatMap(z => z.nodes);
    if (nodes.length === 0) return 'TB';
    const databases = new Set(nodes.filter(n => n.kind === 'database').map(n => n.name));
    const channels = zones.flatMap(z => z.channels.map(c => c.id));
    const names = [...nodes.map(n => n.name), ...channels];
    const layer = layers(names, edges.filter(e => !(services.has(e.from) && services.has(e.to))), entries.map(e => e.to));
    // No Math.max(...spread): a model may have more components than a call takes arguments.
    const deepest = (names: Iterable<string>, from: number): number => {
        let result = from;
        for (const name of names) result = Math.max(result, layer.get(name) ?? 0);
        return result;
    };
    const servicesAt = deepest(services, -1);
    const databasesAt = servicesAt >= 0 ? servicesAt + 1 : deepest(databases, 0);
    const counts = new Map<number, number>();
    for (const name of names) {
        const at = services.has(name) ? servicesAt : databases.has(name) ? databasesAt : layer.get(name)!;
        counts.set(at, (counts.get(at) ?? 0) + 1);
    }
    const depth = counts.size + (entries.length > 0 ? 1 : 0);
    const breadth = [...counts.values()].reduce((a, b) => Math.max(a, b), 0);
    const distance = (width: number, height: number): number => Math.abs(Math.log(width / height / SCREEN));
    const tb = distance(breadth * ESTIMATE.TB.perNode, depth * ESTIMATE.TB.perTier);
    const lr = distance(depth * ESTIMATE.LR.perTier, breadth * ESTIMATE.LR.perNode);
    return lr < tb ? 'LR' : 'TB';
}

/**
 * The longest-path layer of every node: sources at 0, back edges of cycles
 * ignored. An edge into a channel counts backwards (the channel comes before
 * its publishers and consumers, as the DOT builder draws it).
 */
function layers(names: readonly string[], edges: readonly DiagramEdge[], entries: readonly string[]): Map<string, number> {
    const out = new Map<string, string[]>(names.map(n => [n, []]));
    for (const e of edges) {
        const [from, to] = e.to.startsWith('@channel:') ? [e.to, e.from] : [e.from, e.to];
        if (out.has(from) && out.has(to) && from !== to) out.get(from)!.push(to);
    }
    // Depth-first in model order, public entries first: an edge to a node still open closes a cycle.
    // Iterative, so a long chain of calls cannot overflow the stack.
    const state = new Map<string, 'open' | 'done'>();
    const order: string[] = [];
    const forward = new Map<string, string[]>(names.map(n => [n, []]));
    const visit = (root: string): void => {
        const stack: { name: string; next: number }[] = [{ name: root, next: 0 }];
        state.set(root, 'open');
        while (stack.length > 0) {
            const top = stack[stack.length - 1]!;
            const targets = out.get(top.name)!;
            if (top.next < targets.length) {
                const next = targets[top.next++]!;
                if (state.get(next) === 'open') continue;
                forward.get(top.name)!.push(next);
                if (!state.has(next)) {
                    state.set(next, 'open');
                    stack.push({ name: next, next: 0 });
                }
            } else {
                state.set(top.name, 'done');
                order.push(top.name);
                stack.pop();
            }
        }
    };
    for (const name of [...entries, ...names]) if (!state.has(name)) visit(name);
    const layer = new Map<string, number>(names.map(n => [n, 0]));
    for (const name of order.reverse()) {
        for (const next of forward.get(name)!) layer.set(next, Math.max(layer.get(next)!, layer.get(name)! + 1));
    }
    return layer;
}
