/**
 * How the manifests are put together. `k8s/kustomization.yaml` lists every
 * manifest of `k8s/`. The `kustomization.yaml` of the output folder is what
 * `kubectl apply -k .` builds: it includes `k8s/` and adds what the manifests
 * share with the compose target, from the same files, written once:
 *   - ConfigMaps of the gateways' and load balancers' nginx templates, the
 *     databases' schemas and the brokers' configuration (configMapGenerator);
 *   - the Secret of the credentials, from `.env` (secretGenerator), so no
 *     manifest holds a credential.
 * It lives in the output folder because kustomize reads no file above the
 * folder of the kustomization that names it (`../.env` from `k8s/` is refused).
 * Generated names get a hash of their content, so a changed configuration or
 * secret rolls the pods that use it.
 */
import { type ArchitectureModel, isDatabase, isFrontend, isGateway, isLoadBalancer, isService } from '@archgen/model';
import { collectSecrets } from '../../secrets.js';
import { brokerFolder, componentFolder } from '../layout.js';
import { type LabelView, brokerConfigMapName, builtImage, nginxConfigMapName, schemaConfigMapName, secretName } from './names.js';
import { INGRESS_CONTROLLER_NAMESPACE } from './network.js';
import { brokerManifestPath, manifestPath } from './workloads.js';

export interface ConfigMapGeneratorView {
    readonly name: string;
    /** `key=path`: the key in the ConfigMap, the file relative to the output folder. */
    readonly files: readonly string[];
}

/** The view of the output folder's `kustomization.yaml`. */
export interface RootKustomizationView {
    readonly namespace: string;
    readonly configMaps: readonly ConfigMapGeneratorView[];
    /** Null when the model has no credentials (and the CLI writes no `.env`). */
    readonly secret: { readonly name: string; readonly envFile: string } | null;
}

export function rootKustomizationView(model: ArchitectureModel): RootKustomizationView {
    const configMaps: ConfigMapGeneratorView[] = [];
    for (const c of model.components) {
        if (isGateway(c) || isLoadBalancer(c)) {
            configMaps.push({ name: nginxConfigMapName(c.serviceName), files: [`default.conf.template=${componentFolder(c)}/default.conf.template`] });
        }
    }
    for (const db of model.components.filter(isDatabase)) {
        configMaps.push({ name: schemaConfigMapName(db.serviceName), files: [`001-schema.sql=${componentFolder(db)}/schema.sql`] });
    }
    for (const broker of model.brokers) {
        const file = broker.engine === 'mosquitto' ? 'mosquitto.conf' : 'enabled_plugins';
        configMaps.push({ name: brokerConfigMapName(broker.name), files: [`${file}=${brokerFolder(broker.name)}/${file}`] });
    }
    return {
        namespace: model.projectName,
        configMaps,
        secret: collectSecrets(model).length > 0 ? { name: secretName(model), envFile: '.env' } : null
    };
}

/** The view of `k8s/kustomization.yaml`. */
export interface ManifestsKustomizationView {
    /** Relative to `k8s/`. */
    readonly resources: readonly string[];
    /** The images archgen builds, for `kustomize edit set image` once they are in a registry. */
    readonly images: readonly { readonly name: string; readonly newTag: string }[];
}

export function manifestsKustomizationView(model: ArchitectureModel): ManifestsKustomizationView {
    const inK8s = (path: string): string => path.replace(/^k8s\//, '');
    return {
        resources: [
            'namespace.yaml',
            'network-policies.yaml',
            ...model.components.map(c => inK8s(manifestPath(c))),
            ...model.brokers.map(b => inK8s(brokerManifestPath(b.name))),
            ...(model.components.some(c => c.exposure.public) ? ['ingress.yaml'] : [])
        ],
        images: model.components.filter(c => isService(c) || isFrontend(c)).map(c => ({ name: builtImage(model, c), newTag: 'latest' }))
    };
}

/** The view of `k8s/namespace.yaml`. */
export interface NamespaceView {
    readonly name: string;
    readonly labels: readonly LabelView[];
}

export function namespaceView(model: ArchitectureModel): NamespaceView {
    return {
        name: model.projectName,
        labels: [
            { key: 'app.kubernetes.io/part-of', value: model.projectName },
            { key: 'app.kubernetes.io/managed-by', value: 'archgen' }
        ]
    };
}

export interface IngressView {
    readonly name: string;
    readonly comment: string;
    readonly labels: readonly LabelView[];
    /** Null: every host (the only public entry). */
    readonly host: string | null;
    readonly service: string;
    readonly port: string;
}

/** The view of `k8s/ingress.yaml`: the public entries only. */
export interface IngressFileView {
    readonly ingresses: readonly IngressView[];
}

/**
 * One Ingress per public component, on `/`. A single entry answers on every
 * host; with several, each answers on `<service>.localhost` (which resolves to
 * the local machine), since they cannot share a path.
 */
export function ingressFileView(model: ArchitectureModel): IngressFileView {
    const entries = model.components.filter(c => c.exposure.public);
    return {
        ingresses: entries.map(c => ({
            name: c.serviceName,
            comment: `public ${c.kind} '${c.name}': reached through the ingress controller (namespace ${INGRESS_CONTROLLER_NAMESPACE} in the network policies).`,
            labels: [
                { key: 'app.kubernetes.io/name', value: c.serviceName },
                { key: 'app.kubernetes.io/part-of', value: model.projectName },
                { key: 'app.kubernetes.io/managed-by', value: 'archgen' }
            ],
            host: entries.length > 1 ? `${c.serviceName}.localhost` : null,
            service: c.serviceName,
            port: 'http'
        }))
    };
}
