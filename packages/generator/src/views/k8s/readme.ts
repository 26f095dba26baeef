/** What the generated README says about Kubernetes: how to build, apply, reach and scale the system. */
import { type ArchitectureModel, isFrontend, isService } from '@archgen/model';
import { componentFolder } from '../layout.js';
import { containerPort } from '../ports.js';
import { builtImage, kubernetesRenames, secretName, type RenameView } from './names.js';
import { ingressFileView } from './kustomize.js';
import { INGRESS_CONTROLLER_NAMESPACE, trafficRows } from './network.js';
import { type WorkloadRow, workloadRows } from './workloads.js';
import { collectSecrets } from '../../secrets.js';

export interface KubernetesReadmeView {
    readonly namespace: string;
    readonly secret: string | null;
    /** `docker build` commands for the images archgen builds, with the names the manifests use. */
    readonly images: readonly { readonly image: string; readonly command: string }[];
    readonly entries: readonly { readonly service: string; readonly host: string | null }[];
    /** Reaching the first public entry without an ingress controller. */
    readonly portForward: string | null;
    readonly ingressNamespace: string;
    readonly workloads: readonly WorkloadRow[];
    readonly autoscaled: readonly WorkloadRow[];
    readonly traffic: readonly { readonly from: string; readonly to: string; readonly port: number; readonly reason: string }[];
    readonly renames: readonly RenameView[];
}

export function kubernetesReadmeView(model: ArchitectureModel): KubernetesReadmeView {
    const entries = model.components.filter(c => c.exposure.public);
    const workloads = workloadRows(model);
    return {
        namespace: model.projectName,
        secret: collectSecrets(model).length > 0 ? secretName(model) : null,
        images: model.components.filter(c => isService(c) || isFrontend(c)).map(c => ({
            image: builtImage(model, c),
            command: isService(c)
                ? `docker build -t ${builtImage(model, c)} -f ${componentFolder(c)}/Dockerfile .`
                : `docker build -t ${builtImage(model, c)} ${componentFolder(c)}`
        })),
        entries: ingressFileView(model).ingresses.map(i => ({ service: i.service, host: i.host })),
        portForward: entries[0]
            ? `kubectl -n ${model.projectName} port-forward service/${entries[0].serviceName} ${containerPort(entries[0])}:${containerPort(entries[0])}`
            : null,
        ingressNamespace: INGRESS_CONTROLLER_NAMESPACE,
        workloads,
        autoscaled: workloads.filter(w => w.autoscaler !== null),
        traffic: trafficRows(model),
        renames: kubernetesRenames(model)
    };
}
