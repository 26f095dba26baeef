/**
 * Kubernetes names: every object is named after the IR's `serviceName` (already
 * a DNS-1123 label: lower case, digits and `-`, starting with a letter, at most
 * 63 characters), so a component keeps one name in compose and on Kubernetes,
 * and host names in the environment contract stay the same. Objects a
 * component needs besides its workload get a suffix (`users-env`); only
 * StatefulSets may be shortened (see statefulSetName).
 */
import { type ArchitectureModel, type Component, isDatabase } from '@archgen/model';
import { fnv1a } from '../../naming.js';

/** The label every selector and network policy matches on: one value per component or broker. */
export const NAME_LABEL = 'app.kubernetes.io/name';

export interface LabelView {
    readonly key: string;
    readonly value: string;
}

/** `app.kubernetes.io/component` values: the model's kinds in kebab case. */
const COMPONENT_LABELS: Readonly<Record<Component['kind'], string>> = {
    frontend: 'frontend',
    backend: 'backend',
    mqtp: 'mqtp',
    api_gateway: 'api-gateway',
    load_balancer: 'load-balancer',
    database: 'database'
};

/** The labels of a workload, its pods and the objects beside it. */
export function labelsOf(model: ArchitectureModel, name: string, component: Component['kind'] | 'broker'): LabelView[] {
    return [
        { key: NAME_LABEL, value: name },
        { key: 'app.kubernetes.io/component', value: component === 'broker' ? 'broker' : COMPONENT_LABELS[component] },
        { key: 'app.kubernetes.io/part-of', value: model.projectName },
        { key: 'app.kubernetes.io/managed-by', value: 'archgen' }
    ];
}

/** What a workload's selector and the network policies match: the name label alone. */
export function selectorOf(name: string): LabelView[] {
    return [{ key: NAME_LABEL, value: name }];
}

/** A DNS-1123 label: what Service, container and port-owner names must be. */
export function isDns1123Label(name: string): boolean {
    return name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

/** A DNS-1123 subdomain: what ConfigMap, Secret, Deployment and most other object names must be. */
export function isDns1123Subdomain(name: string): boolean {
    return name.length <= 253 && name.split('.').every(isDns1123Label);
}

/**
 * A StatefulSet's pods carry the label `controller-revision-hash: <name>-<hash>`
 * (a label value, at most 63 characters, with a hash of up to 10): longer
 * StatefulSet names make pods that cannot be created.
 */
export const MAX_STATEFULSET_NAME = 52;

/** The StatefulSet of a database or broker: its service name, shortened (with a stable hash) past 52 characters. */
export function statefulSetName(serviceName: string): string {
    if (serviceName.length <= MAX_STATEFULSET_NAME) return serviceName;
    const hash = fnv1a(serviceName).toString(16).padStart(8, '0');
    return `${serviceName.slice(0, MAX_STATEFULSET_NAME - 9).replace(/-+$/, '')}-${hash}`;
}

/** The ConfigMap of a component's environment (the variables of the contract that are not secrets). */
export const envConfigMapName = (serviceName: string): string => `${serviceName}-env`;
/** The ConfigMap of a gateway's or load balancer's `default.conf.template`. */
export const nginxConfigMapName = (serviceName: string): string => `${serviceName}-nginx`;
/** The ConfigMap of a database's `schema.sql`. */
export const schemaConfigMapName = (serviceName: string): string => `${serviceName}-schema`;
/** The ConfigMap of a broker's configuration file. */
export const brokerConfigMapName = (broker: string): string => `${broker}-config`;
/** The Secret kustomize builds from `.env`. */
export const secretName = (model: ArchitectureModel): string => `${model.projectName}-secrets`;

/**
 * The image of a component archgen builds (services, frontends): the name
 * `docker compose build` gives it (`<project>-<service>`), so the images of
 * the compose build are the ones the manifests run.
 */
export function builtImage(model: ArchitectureModel, component: Component): string {
    return `${model.projectName}-${component.serviceName}`;
}

/** A name the model gave that Kubernetes sees differently, and why. */
export interface RenameView {
    readonly kind: string;
    readonly model: string;
    readonly kubernetes: string;
    readonly reason: string;
}

/**
 * Every rewrite between the model and the manifests, in model order: a
 * component name that is not a DNS-1123 label as written (`shop_lb` ->
 * `shop-lb`), and a StatefulSet name shortened past 52 characters.
 */
export function kubernetesRenames(model: ArchitectureModel): RenameView[] {
    const renames: RenameView[] = [];
    for (const c of model.components) {
        if (c.name !== c.serviceName) {
            renames.push({
                kind: c.kind,
                model: c.name,
                kubernetes: c.serviceName,
                reason: renameReason(c.name, c.serviceName)
            });
        }
        if (isDatabase(c) && statefulSetName(c.serviceName) !== c.serviceName) {
            renames.push({
                kind: 'StatefulSet',
                model: c.name,
                kubernetes: statefulSetName(c.serviceName),
                reason: `StatefulSet names longer than ${MAX_STATEFULSET_NAME} characters break their pods' revision label; the Service keeps '${c.serviceName}'`
            });
        }
    }
    return renames;
}

/** Why a model name became another service name (see serviceName in the language package). */
function renameReason(name: string, serviceName: string): string {
    if (!/[A-Za-z0-9]/.test(name.normalize('NFKD'))) return 'no Latin letter or digit: `c-` and a stable hash';
    const reasons: string[] = [];
    if (/[A-Z]/.test(name)) reasons.push('lower case');
    if (/[^\x00-\x7f]/.test(name)) reasons.push('accents removed');
    if (/[^A-Za-z0-9\x80-\uffff-]/.test(name)) reasons.push('`-` for `_` and other characters');
    if (serviceName.startsWith('c-') && !/^c-/i.test(name)) reasons.push('`c-` in front: a name starts with a letter');
    if (name.length > 63 || serviceName.length === 63) reasons.push('cut to 63 characters');
    return reasons.length > 0 ? reasons.join('; ') : 'not a DNS-1123 label as written';
}
