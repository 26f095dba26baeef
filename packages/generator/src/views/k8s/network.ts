/**
 * NetworkPolicies that mirror the model. Everything in the namespace is denied
 * by default (both directions); each workload then gets one policy allowing
 * exactly the traffic its connectors imply, on both ends:
 *
 *   http A -> B            A -> B on B's container port (3000 for services, 8080 for nginx)
 *   db_connector S -> D    S -> D on 5432 (PostgreSQL) or 3306 (MySQL)
 *   message_queue P -> C   P -> broker and C -> broker, on 5672 (AMQP) or 1883 (MQTT), the channel's protocol
 *   public component E     the ingress controller's namespace -> E on its container port
 *
 * and every pod may ask the cluster DNS (kube-system/kube-dns, port 53).
 */
import { type ArchitectureModel, type Component, findComponent } from '@archgen/model';
import { CONTAINER_PORTS, containerPort } from '../ports.js';
import { type LabelView, labelsOf, selectorOf } from './names.js';

/** The namespace of the ingress controller (ingress-nginx's default); the only outside peer. */
export const INGRESS_CONTROLLER_NAMESPACE = 'ingress-nginx';
/** The label Kubernetes sets on every namespace: its name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
export const DEFAULT_DENY_POLICY = 'default-deny';
export const DNS_POLICY = 'allow-dns';

/** One end of an allowed connection: a workload of the system (by its name label) or the ingress controller. */
export type TrafficPeer = { readonly kind: 'workload'; readonly name: string } | { readonly kind: 'ingress-controller' };

/** A connection the model implies. */
export interface TrafficEdge {
    readonly from: TrafficPeer;
    /** The name label of the workload that accepts it. */
    readonly to: string;
    readonly port: number;
    /** `http 'shop_gw' -> 'users'`: the connector (or exposure) it comes from. */
    readonly reason: string;
}

interface Traffic {
    readonly edges: readonly TrafficEdge[];
    /** By the name label of the accepting workload. */
    readonly into: ReadonlyMap<string, readonly TrafficEdge[]>;
    /** By the name label of the connecting workload. */
    readonly outOf: ReadonlyMap<string, readonly TrafficEdge[]>;
}

const computed = new WeakMap<ArchitectureModel, Traffic>();

function traffic(model: ArchitectureModel): Traffic {
    let known = computed.get(model);
    if (!known) {
        const edges = trafficOf(model);
        const into = new Map<string, TrafficEdge[]>();
        const outOf = new Map<string, TrafficEdge[]>();
        const push = (map: Map<string, TrafficEdge[]>, key: string, e: TrafficEdge): void => {
            const list = map.get(key);
            if (list) list.push(e);
            else map.set(key, [e]);
        };
        for (const e of edges) {
            push(into, e.to, e);
            if (e.from.kind === 'workload') push(outOf, e.from.name, e);
        }
        known = { edges, into, outOf };
        computed.set(model, known);
    }
    return known;
}

/** Every connection the model implies, in connector order, then the public entries; each once. */
export function allowedTraffic(model: ArchitectureModel): readonly TrafficEdge[] {
    return traffic(model).edges;
}

function trafficOf(model: ArchitectureModel): TrafficEdge[] {
    const edges: TrafficEdge[] = [];
    const seen = new Set<string>();
    const add = (edge: TrafficEdge): void => {
        const key = `${peerKey(edge.from)} ${edge.to} ${edge.port}`;
        if (seen.has(key)) return;
        seen.add(key);
        edges.push(edge);
    };
    const workload = (c: Component): TrafficPeer => ({ kind: 'workload', name: c.serviceName });
    for (const connector of model.connectors) {
        const from = findComponent(model, connector.from);
        const to = findComponent(model, connector.to);
        if (!from || !to) continue;
        const reason = `${connector.kind} '${connector.from}' -> '${connector.to}'`;
        if (connector.message) {
            const port = connector.message.protocol === 'amqp' ? CONTAINER_PORTS.amqp : CONTAINER_PORTS.mqtt;
            const via = `${reason} (channel '${connector.message.channel}')`;
            add({ from: workload(from), to: connector.message.broker, port, reason: via });
            add({ from: workload(to), to: connector.message.broker, port, reason: via });
        } else {
            add({ from: workload(from), to: to.serviceName, port: containerPort(to), reason });
        }
    }
    for (const c of model.components.filter(c => c.exposure.public)) {
        add({ from: { kind: 'ingress-controller' }, to: c.serviceName, port: containerPort(c), reason: `public ${c.kind} '${c.name}'` });
    }
    return edges;
}

export function peerKey(peer: TrafficPeer): string {
    return peer.kind === 'workload' ? peer.name : `namespace:${INGRESS_CONTROLLER_NAMESPACE}`;
}

// ---------------------------------------------------------------- views

/** A selector of a peer: `podSelector` or `namespaceSelector`, with its labels. */
export interface SelectorView {
    readonly field: 'podSelector' | 'namespaceSelector';
    readonly labels: readonly LabelView[];
}

export interface PeerView {
    readonly selectors: readonly SelectorView[];
}

export interface PolicyRuleView {
    /** Why: the connectors behind the rule, one line. */
    readonly comment: string;
    readonly peers: readonly PeerView[];
    readonly ports: readonly { readonly protocol: string; readonly port: number }[];
}

export interface NetworkPolicyView {
    readonly name: string;
    readonly labels: readonly LabelView[];
    /** Empty: every pod of the namespace. */
    readonly podSelector: readonly LabelView[];
    readonly policyTypes: readonly string[];
    readonly ingress: readonly PolicyRuleView[];
    readonly egress: readonly PolicyRuleView[];
}

/** The policy of one workload: who may reach it, whom it may reach. */
export function workloadPolicyView(model: ArchitectureModel, name: string, kind: Component['kind'] | 'broker'): NetworkPolicyView {
    const { into, outOf } = traffic(model);
    return {
        name,
        labels: labelsOf(model, name, kind),
        podSelector: selectorOf(name),
        policyTypes: ['Ingress', 'Egress'],
        ingress: rulesByPort(into.get(name) ?? [], e => e.from),
        egress: rulesByPort(outOf.get(name) ?? [], e => ({ kind: 'workload', name: e.to }))
    };
}

/** One rule per port, in the order the edges come, each listing its peers once. */
function rulesByPort(edges: readonly TrafficEdge[], peerOf: (edge: TrafficEdge) => TrafficPeer): PolicyRuleView[] {
    const ports: number[] = [];
    for (const e of edges) if (!ports.includes(e.port)) ports.push(e.port);
    return ports.map(port => {
        const here = edges.filter(e => e.port === port);
        // A broker is reached by every component that messages: peers listed by key, not searched.
        const peers: TrafficPeer[] = [];
        const listed = new Set<string>();
        for (const e of here) {
            const peer = peerOf(e);
            if (listed.has(peerKey(peer))) continue;
            listed.add(peerKey(peer));
            peers.push(peer);
        }
        return {
            comment: [...new Set(here.map(e => e.reason))].join('; ').replace(/\s+/g, ' '),
            peers: peers.map(peerView),
            ports: [{ protocol: 'TCP', port }]
        };
    });
}

function peerView(peer: TrafficPeer): PeerView {
    if (peer.kind === 'workload') return { selectors: [{ field: 'podSelector', labels: selectorOf(peer.name) }] };
    return { selectors: [{ field: 'namespaceSelector', labels: [{ key: NAMESPACE_NAME_LABEL, value: INGRESS_CONTROLLER_NAMESPACE }] }] };
}

/** The view of `k8s/network-policies.yaml`: deny everything, allow DNS. */
export interface BasePoliciesView {
    readonly defaultDeny: NetworkPolicyView;
    readonly dns: NetworkPolicyView;
}

export function basePoliciesView(model: ArchitectureModel): BasePoliciesView {
    const labels = [
        { key: 'app.kubernetes.io/part-of', value: model.projectName },
        { key: 'app.kubernetes.io/managed-by', value: 'archgen' }
    ];
    return {
        defaultDeny: { name: DEFAULT_DENY_POLICY, labels, podSelector: [], policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] },
        dns: {
            name: DNS_POLICY,
            labels,
            podSelector: [],
            policyTypes: ['Egress'],
            ingress: [],
            egress: [{
                comment: 'every pod resolves Service names through the cluster DNS',
                peers: [{
                    selectors: [
                        { field: 'namespaceSelector', labels: [{ key: NAMESPACE_NAME_LABEL, value: 'kube-system' }] },
                        { field: 'podSelector', labels: [{ key: 'k8s-app', value: 'kube-dns' }] }
                    ]
                }],
                ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]
            }]
        }
    };
}

/** The README's table of allowed traffic. */
export function trafficRows(model: ArchitectureModel): { readonly from: string; readonly to: string; readonly port: number; readonly reason: string }[] {
    return allowedTraffic(model).map(e => ({
        from: e.from.kind === 'workload' ? e.from.name : `ingress controller (namespace ${INGRESS_CONTROLLER_NAMESPACE})`,
        to: e.to,
        port: e.port,
        reason: e.reason
    }));
}
