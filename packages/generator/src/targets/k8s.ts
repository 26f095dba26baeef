import type { Component } from '@archgen/model';
import { type Manifest, type ManifestEntry, entry } from '../engine/manifest.js';
import { collectSecrets } from '../secrets.js';
import { ingressFileView, manifestsKustomizationView, namespaceView, rootKustomizationView } from '../views/k8s/kustomize.js';
import { basePoliciesView } from '../views/k8s/network.js';
import { type StatelessComponent, brokerFileView, databaseFileView, deploymentFileView, isStateless } from '../views/k8s/workloads.js';
import { type ReadmeTargets, readmeView } from '../views/readme/readme.js';
import { composeTarget } from './compose.js';
import type { Target } from './index.js';

/**
 * Kubernetes: `k8s/` (one file per component and broker, the namespace, the
 * base network policies, the Ingress, `k8s/kustomization.yaml`) and the
 * `kustomization.yaml` of the output folder, which `kubectl apply -k .` builds:
 * it adds the ConfigMaps and the Secret from the files the compose target
 * writes too (nginx templates, schemas, broker configuration, `.env`).
 * Templates: `templates/k8s/` (`manifests/` mirrors `k8s/`).
 */
export const kubernetesManifest: Manifest = [
    entry({
        template: 'k8s/kustomization.yaml.hbs',
        scope: 'once',
        view: rootKustomizationView,
        output: () => 'kustomization.yaml'
    }),
    entry({
        template: 'k8s/manifests/kustomization.yaml.hbs',
        scope: 'once',
        view: manifestsKustomizationView,
        output: () => 'k8s/kustomization.yaml'
    }),
    entry({
        template: 'k8s/manifests/namespace.yaml.hbs',
        scope: 'once',
        view: namespaceView,
        output: () => 'k8s/namespace.yaml'
    }),
    entry({
        template: 'k8s/manifests/network-policies.yaml.hbs',
        scope: 'once',
        view: basePoliciesView,
        output: () => 'k8s/network-policies.yaml'
    }),
    entry({
        template: 'k8s/manifests/ingress.yaml.hbs',
        scope: 'once',
        when: model => model.components.some(c => c.exposure.public),
        view: ingressFileView,
        output: () => 'k8s/ingress.yaml'
    }),
    entry({
        template: 'k8s/manifests/deployment.yaml.hbs',
        scope: 'component',
        when: (_model, component) => isStateless(component),
        view: (model, component) => deploymentFileView(model, stateless(component)),
        output: view => view.path
    }),
    entry({
        template: 'k8s/manifests/statefulset.yaml.hbs',
        scope: 'database',
        view: databaseFileView,
        output: view => view.path
    }),
    entry({
        template: 'k8s/manifests/statefulset.yaml.hbs',
        scope: 'broker',
        view: brokerFileView,
        output: view => view.path
    })
];

function stateless(component: Component): StatelessComponent {
    if (!isStateless(component)) throw new Error(`'${component.name}' is a database: it runs as a StatefulSet.`);
    return component;
}

/** The compose target's templates that only compose reads, and its README (each target says what it wrote). */
const COMPOSE_FILE = 'compose/docker-compose.yml.hbs';
const README = 'compose/README.md.hbs';

function readmeEntry(targets: ReadmeTargets): ManifestEntry {
    return entry({
        template: README,
        scope: 'once',
        view: (model, _item, context) => readmeView(model, context, targets),
        output: () => 'README.md'
    });
}

/**
 * What the compose target writes besides docker-compose.yml: the services'
 * workspace, the nginx-based components, the schemas, the broker
 * configuration, `.env.example`, the diagram, the native runner. Both targets
 * build on these files; taken from the compose manifest so that a file added
 * there is shared here too.
 */
const sharedManifest: Manifest = composeTarget.manifest.filter(e => e.template !== COMPOSE_FILE && e.template !== README);

export const k8sTarget: Target = {
    id: 'k8s',
    description: 'Kubernetes: k8s/ manifests (Deployments, StatefulSets, Services, Ingress, NetworkPolicies, autoscalers) and a kustomization.yaml; with the sources, configurations and schemas they run.',
    secrets: collectSecrets,
    manifest: [readmeEntry({ compose: false, kubernetes: true }), ...kubernetesManifest, ...sharedManifest]
};

export const allTarget: Target = {
    id: 'all',
    description: 'compose and k8s in one folder: the shared sources, configurations and schemas written once.',
    secrets: collectSecrets,
    manifest: [readmeEntry({ compose: true, kubernetes: true }), ...kubernetesManifest, ...composeTarget.manifest.filter(e => e.template !== README)]
};
