/**
 * Reading generated Kubernetes output in tests: parse the manifests, validate
 * each object against the Kubernetes API schemas (kubernetes-models), derive
 * what the NetworkPolicies allow, and what the model's connectors imply
 * (computed here from the IR alone, independently of views/k8s/network.ts).
 */
import { type ArchitectureModel, findComponent } from '@archgen/model';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { parse, parseAllDocuments } from 'yaml';
import type { GeneratedFile, GenerationResult } from '../types.js';

/** The fields of a Kubernetes object the tests read. */
export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string> };
    data?: Record<string, string>;
    spec?: Record<string, unknown>;
}

export interface Container {
    name: string;
    image: string;
    args?: string[];
    ports?: { name?: string; containerPort: number }[];
    env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
    envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
    readinessProbe?: Probe;
    livenessProbe?: Probe;
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[] } };
    volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
}

export interface Probe {
    httpGet?: { path: string; port: string | number };
    exec?: { command: string[] };
    tcpSocket?: { port: string | number };
}

export interface PodSpec {
    enableServiceLinks?: boolean;
    automountServiceAccountToken?: boolean;
    securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; fsGroup?: number };
    containers: Container[];
    volumes?: { name: string; configMap?: { name: string }; emptyDir?: object; secret?: { secretName: string } }[];
}

export interface Workload extends KubeObject {
    kind: 'Deployment' | 'StatefulSet';
    spec: {
        replicas?: number;
        serviceName?: string;
        selector: { matchLabels: Record<string, string> };
        template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
        volumeClaimTemplates?: { metadata: { name: string } }[];
    };
}

interface Selector {
    matchLabels?: Record<string, string>;
    matchExpressions?: unknown[];
}

interface PolicyPeer {
    podSelector?: Selector;
    namespaceSelector?: Selector;
    ipBlock?: unknown;
}

interface PolicyRule {
    from?: PolicyPeer[];
    to?: PolicyPeer[];
    ports?: { protocol?: string; port?: number | string; endPort?: number }[];
}

export interface Policy extends KubeObject {
    kind: 'NetworkPolicy';
    spec: { podSelector: Selector; policyTypes?: string[]; ingress?: PolicyRule[]; egress?: PolicyRule[] };
}

export interface Manifest {
    /** The file, relative to the output folder. */
    readonly path: string;
    readonly object: KubeObject;
}

/** The files of `k8s/` that hold manifests (all but its kustomization). */
export function manifestFiles(result: GenerationResult): GeneratedFile[] {
    return result.files.filter(f => f.path.startsWith('k8s/') && f.path !== 'k8s/kustomization.yaml');
}

/** Every document of every manifest file; throws on a YAML error or warning. */
export function manifestsOf(result: GenerationResult): Manifest[] {
    return manifestFiles(result).flatMap(f => parseManifests(f.path, f.content));
}

export function parseManifests(path: string, content: string): Manifest[] {
    return parseAllDocuments(content).flatMap(doc => {
        if (doc.errors.length > 0 || doc.warnings.length > 0) {
            throw new Error(`${path}: ${[...doc.errors, ...doc.warnings].map(e => e.message).join('; ')}`);
        }
        const object = doc.toJS() as KubeObject | null;
        return object === null ? [] : [{ path, object }];
    });
}

export function parseYaml<T>(file: GeneratedFile): T {
    return parse(file.content) as T;
}

/** The kubernetes-models class of each kind the generator writes (or kustomize generates). */
const MODELS: Readonly<Record<string, new (data: never) => { validate(): void }>> = {
    'v1/ConfigMap': ConfigMap,
    'v1/Namespace': Namespace,
    'v1/Secret': Secret,
    'v1/Service': Service,
    'apps/v1/Deployment': Deployment,
    'apps/v1/StatefulSet': StatefulSet,
    'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
    'networking.k8s.io/v1/Ingress': Ingress,
    'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy
};

/**
 * Validates an object against its kind's OpenAPI schema (kubernetes-models
 * throws with the failing paths). The schemas do not check names, so this
 * checks the DNS rules too.
 */
export function validateObject(object: KubeObject): void {
    const Model = MODELS[`${object.apiVersion}/${object.kind}`];
    if (!Model) throw new Error(`No schema for ${object.apiVersion} ${object.kind}.`);
    new Model(object as never).validate();
    const name = object.metadata.name;
    if (!isDns1123Subdomain(name)) throw new Error(`${object.kind} '${name}': not a DNS-1123 subdomain.`);
    if ((object.kind === 'Service' || object.kind === 'Namespace') && !isDns1035Label(name)) {
        throw new Error(`${object.kind} '${name}': not a DNS-1035 label.`);
    }
    if (object.kind === 'StatefulSet' && name.length > 52) throw new Error(`StatefulSet '${name}': longer than 52 characters.`);
    for (const [key, value] of Object.entries(object.metadata.labels ?? {})) {
        if (!isLabelValue(value)) throw new Error(`${object.kind} '${name}': label ${key}=${value} is not a label value.`);
    }
    if (isWorkload(object)) {
        for (const c of object.spec.template.spec.containers) {
            if (!isDns1123Label(c.name)) throw new Error(`${object.kind} '${name}': container '${c.name}' is not a DNS-1123 label.`);
            for (const p of c.ports ?? []) {
                if (p.name !== undefined && !/^(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(p.name)) {
                    throw new Error(`${object.kind} '${name}': port name '${p.name}' is not an IANA service name.`);
                }
            }
        }
    }
}

export function isDns1123Label(name: string): boolean {
    return name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

export function isDns1035Label(name: string): boolean {
    return name.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

export function isDns1123Subdomain(name: string): boolean {
    return name.length <= 253 && name.split('.').every(isDns1123Label);
}

function isLabelValue(value: string): boolean {
    return value.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value);
}

export function isWorkload(object: KubeObject): object is Workload {
    return object.kind === 'Deployment' || object.kind === 'StatefulSet';
}

export function isPolicy(object: KubeObject): object is Policy {
    return object.kind === 'NetworkPolicy';
}

export function ofKind<K extends string>(manifests: readonly Manifest[], kind: K): KubeObject[] {
    return manifests.map(m => m.object).filter(o => o.kind === kind);
}

// ---------------------------------------------------------------- network policies

/** `from -> to PROTOCOL/port`; a peer outside the namespace is `namespace:<name>` (with `/k=v` for its pod labels). */
export type Edge = string;

export const edge = (from: string, to: string, port: number, protocol = 'TCP'): Edge => `${from} -> ${to} ${protocol}/${port}`;

/** The workloads' pods: the name label of each, with its pod labels. */
function podsOf(objects: readonly KubeObject[]): Map<string, Record<string, string>> {
    const pods = new Map<string, Record<string, string>>();
    for (const w of objects.filter(isWorkload)) {
        const labels = w.spec.template.metadata.labels;
        const name = labels['app.kubernetes.io/name'];
        if (!name) throw new Error(`${w.kind} '${w.metadata.name}': its pods have no app.kubernetes.io/name.`);
        if (pods.has(name)) throw new Error(`Two workloads label their pods '${name}'.`);
        pods.set(name, labels);
    }
    return pods;
}

function matches(selector: Selector, labels: Record<string, string>): boolean {
    if (selector.matchExpressions && selector.matchExpressions.length > 0) throw new Error('matchExpressions are not expected.');
    return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

/** The names of the peers a rule's `from` / `to` entry names. */
function peerNames(peer: PolicyPeer, pods: ReadonlyMap<string, Record<string, string>>): string[] {
    if (peer.ipBlock) throw new Error('ipBlock peers are not expected.');
    if (peer.namespaceSelector) {
        const ns = Object.entries(peer.namespaceSelector.matchLabels ?? {}).map(([k, v]) => (k === 'kubernetes.io/metadata.name' ? v : `${k}=${v}`)).join(',');
        const podLabels = Object.entries(peer.podSelector?.matchLabels ?? {}).map(([k, v]) => `/${k}=${v}`).join('');
        return [`namespace:${ns || '*'}${podLabels}`];
    }
    if (!peer.podSelector) throw new Error('A peer without selector.');
    return [...pods].filter(([, labels]) => matches(peer.podSelector!, labels)).map(([name]) => name);
}

export interface PolicyTraffic {
    /** What the ingress rules of the policies let in: (peer, pod, port). */
    readonly ingress: Set<Edge>;
    /** What the egress rules let out: (pod, peer, port). */
    readonly egress: Set<Edge>;
    /** Pods selected by a policy that isolates them in both directions. */
    readonly isolated: Set<string>;
    readonly pods: ReadonlySet<string>;
}

/**
 * What the NetworkPolicies allow, by NetworkPolicy semantics: a policy
 * selects pods (an empty selector: all of them); each ingress rule admits its
 * `from` peers on its ports, each egress rule its `to` peers. A rule without
 * peers or ports would allow everyone or every port: reported as an error.
 */
export function policyTraffic(objects: readonly KubeObject[]): PolicyTraffic {
    const pods = podsOf(objects);
    const result: PolicyTraffic = { ingress: new Set(), egress: new Set(), isolated: new Set(), pods: new Set(pods.keys()) };
    for (const policy of objects.filter(isPolicy)) {
        const selected = [...pods].filter(([, labels]) => matches(policy.spec.podSelector, labels)).map(([name]) => name);
        const types = policy.spec.policyTypes ?? ['Ingress'];
        if (types.includes('Ingress') && types.includes('Egress')) for (const p of selected) result.isolated.add(p);
        const rules = (direction: 'ingress' | 'egress'): void => {
            for (const rule of policy.spec[direction] ?? []) {
                const peers = direction === 'ingress' ? rule.from : rule.to;
                if (!peers || peers.length === 0) throw new Error(`${policy.metadata.name}: a ${direction} rule without peers allows everyone.`);
                if (!rule.ports || rule.ports.length === 0) throw new Error(`${policy.metadata.name}: a ${direction} rule without ports allows every port.`);
                for (const peer of peers.flatMap(p => peerNames(p, pods))) {
                    for (const port of rule.ports) {
                        if (typeof port.port !== 'number' || port.endPort !== undefined) throw new Error(`${policy.metadata.name}: ports by number only.`);
                        for (const pod of selected) {
                            if (direction === 'ingress') result.ingress.add(edge(peer, pod, port.port, port.protocol ?? 'TCP'));
                            else result.egress.add(edge(pod, peer, port.port, port.protocol ?? 'TCP'));
                        }
                    }
                }
            }
        };
        rules('ingress');
        rules('egress');
    }
    return result;
}

/** The DNS server the pods may ask, as peerNames writes it. */
export const KUBE_DNS = 'namespace:kube-system/k8s-app=kube-dns';
/** The ingress controller, as peerNames writes it. */
export const INGRESS_CONTROLLER = 'namespace:ingress-nginx';

/**
 * The connections the model implies, from its connectors and exposure only:
 * http to the target's container port (3000 for a service, 8080 for nginx),
 * db_connector to 5432 or 3306, message_queue from both ends to the broker on
 * 5672 (AMQP) or 1883 (MQTT), the ingress controller to each public component.
 */
export function connectorEdges(model: ArchitectureModel): Set<Edge> {
    const edges = new Set<Edge>();
    const name = (n: string): string => findComponent(model, n)!.serviceName;
    for (const c of model.connectors) {
        const to = findComponent(model, c.to)!;
        if (c.kind === 'http') {
            edges.add(edge(name(c.from), to.serviceName, to.kind === 'backend' || to.kind === 'mqtp' ? 3000 : 8080));
        } else if (c.kind === 'db_connector') {
            edges.add(edge(name(c.from), to.serviceName, to.kind === 'database' && to.engine === 'mysql' ? 3306 : 5432));
        } else {
            const port = c.message!.protocol === 'amqp' ? 5672 : 1883;
            edges.add(edge(name(c.from), c.message!.broker, port));
            edges.add(edge(name(c.to), c.message!.broker, port));
        }
    }
    for (const c of model.components.filter(c => c.exposure.public)) {
        edges.add(edge(INGRESS_CONTROLLER, c.serviceName, c.kind === 'backend' || c.kind === 'mqtp' ? 3000 : 8080));
    }
    return edges;
}

// ---------------------------------------------------------------- secrets

/** A variable that holds a credential: USER, PASSWORD, PASS, SECRET as its last word. */
export const CREDENTIAL = /(^|_)(USER|USERNAME|PASSWORD|PASS|SECRET)$/;

/** Every container of every workload, with its workload. */
export function containersOf(objects: readonly KubeObject[]): { workload: Workload; container: Container }[] {
    return objects.filter(isWorkload).flatMap(w => w.spec.template.spec.containers.map(container => ({ workload: w, container })));
}

/** Every `secretKeyRef` of the containers: [secret name, key]. */
export function secretKeyRefs(objects: readonly KubeObject[]): { name: string; key: string; variable: string }[] {
    return containersOf(objects).flatMap(({ container }) => (container.env ?? []).flatMap(v =>
        v.valueFrom?.secretKeyRef ? [{ ...v.valueFrom.secretKeyRef, variable: v.name }] : []));
}
