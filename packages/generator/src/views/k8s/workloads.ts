/**
 * The workloads: a Deployment (with its Service, environment ConfigMap,
 * NetworkPolicy and, when replicated, HorizontalPodAutoscaler) per stateless
 * component; a StatefulSet (with its headless Service, NetworkPolicy and a
 * volume claim per pod) per database and broker.
 *
 * Images and their unprivileged users:
 *   services        <project>-<service> (node:20-alpine, USER node: 1000)
 *   frontends       <project>-<frontend> (nginx:1.27-alpine: nginx is 101)
 *   gateways, LBs   nginx:1.27-alpine (101) with default.conf.template from a ConfigMap
 *   postgres        postgres:15-alpine (postgres is 70), data in a subfolder of the volume (lost+found)
 *   mysql           mysql:8.4 (mysql is 999), data in a subfolder of the volume (lost+found)
 *   rabbitmq        rabbitmq:3.13-management-alpine (rabbitmq is 100, group 101)
 *   mosquitto       eclipse-mosquitto:2 (mosquitto is 1883)
 * nginx runs unprivileged with a read-only root: the image's entrypoint renders
 * /etc/nginx/templates/*.template into /etc/nginx/conf.d, which is an empty
 * directory here, as are its cache, /run (the pid file) and /tmp.
 */
import {
    type ArchitectureModel,
    type Broker,
    type Component,
    type DatabaseComponent,
    isDatabase,
    isFrontend,
    isService
} from '@archgen/model';
import { RABBITMQ_VARS, databaseVars } from '../../naming.js';
import type { EnvVar } from '../environment.js';
import { IMAGES, componentFolder } from '../layout.js';
import { CONTAINER_PORTS, containerPort, databasePort, speaksMqtt } from '../ports.js';
import { sourceRef } from '../source.js';
import { type ContainerEnvView, kubernetesEnvironment, literalEnv, secretEnv } from './environment.js';
import {
    type LabelView,
    brokerConfigMapName,
    builtImage,
    envConfigMapName,
    labelsOf,
    nginxConfigMapName,
    schemaConfigMapName,
    secretName,
    selectorOf,
    statefulSetName
} from './names.js';
import { type NetworkPolicyView, workloadPolicyView } from './network.js';
import {
    type PodView,
    type PortView,
    type VolumeMountView,
    type VolumeView,
    emptyDir,
    execProbe,
    httpProbe,
    mount,
    resources,
    tcpProbe
} from './pod.js';

/** Stateless components run as Deployments: everything but databases (brokers are not components). */
export type StatelessComponent = Exclude<Component, DatabaseComponent>;

export function isStateless(component: Component): component is StatelessComponent {
    return !isDatabase(component);
}

export interface AutoscalerView {
    readonly name: string;
    readonly labels: readonly LabelView[];
    readonly deployment: string;
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly cpuUtilization: number;
}

export interface ServicePortView {
    readonly name: string;
    readonly port: number;
}

/** What every workload's file has: where it goes, its names and labels, its pods, ports and network policy. */
interface WorkloadFileView {
    /** `k8s/services/users.yaml`. */
    readonly path: string;
    readonly comment: string;
    readonly name: string;
    readonly labels: readonly LabelView[];
    readonly selector: readonly LabelView[];
    readonly pod: PodView;
    readonly ports: readonly ServicePortView[];
    readonly networkPolicy: NetworkPolicyView;
}

/** The view of `k8s/<folder>/<service>.yaml` for a stateless component. */
export interface DeploymentFileView extends WorkloadFileView {
    readonly replicas: number;
    readonly config: { readonly name: string; readonly data: readonly EnvVar[] };
    readonly autoscaler: AutoscalerView | null;
}

/** The view of `k8s/databases/<db>.yaml` and `k8s/brokers/<broker>.yaml`; `name` is the StatefulSet's (see statefulSetName). */
export interface StatefulSetFileView extends WorkloadFileView {
    /** The headless Service's name: the host name of the environment contract. */
    readonly serviceName: string;
    /** The size of each pod's volume claim. */
    readonly storage: string;
}

/** The CPU utilisation autoscalers aim at, in percent of the requested CPU. */
export const AUTOSCALE_CPU_TARGET = 70;

/** An autoscaler's ceiling: twice the model's replicas, at least two more. */
export function autoscaleMax(replicas: number): number {
    return Math.max(replicas * 2, replicas + 2);
}

export const DATA_STORAGE = '1Gi';

/** `k8s/services/users.yaml`: the manifests mirror the output tree. */
export function manifestPath(component: Component): string {
    return `k8s/${componentFolder(component)}.yaml`;
}

export function brokerManifestPath(broker: string): string {
    return `k8s/brokers/${broker}.yaml`;
}

const HTTP_PORT = 'http';
const UIDS = { node: 1000, nginx: 101, postgres: 70, mysql: 999, rabbitmq: 100, rabbitmqGroup: 101, mosquitto: 1883 } as const;
const PULL_IF_NOT_PRESENT = 'IfNotPresent';

// ---------------------------------------------------------------- stateless components

export function deploymentFileView(model: ArchitectureModel, component: StatelessComponent): DeploymentFileView {
    const name = component.serviceName;
    const labels = labelsOf(model, name, component.kind);
    const env = kubernetesEnvironment(model, component);
    const port = containerPort(component);
    const replicated = component.replicas > 1;
    const parts = ['ConfigMap of its environment', 'Deployment', 'Service', 'NetworkPolicy', ...(replicated ? ['HorizontalPodAutoscaler'] : [])];
    return {
        path: manifestPath(component),
        comment: `${component.kind} '${component.name}' (${sourceRef(component.source, model.source.uri)}): ${parts.join(', ')}.`,
        name,
        labels,
        selector: selectorOf(name),
        replicas: component.replicas,
        config: { name: envConfigMapName(name), data: env.config },
        pod: {
            labels,
            ...statelessRuntime(model, component, port, env.secrets)
        },
        ports: [{ name: HTTP_PORT, port }],
        networkPolicy: workloadPolicyView(model, name, component.kind),
        autoscaler: replicated
            ? {
                name,
                labels,
                deployment: name,
                minReplicas: component.replicas,
                maxReplicas: autoscaleMax(component.replicas),
                cpuUtilization: AUTOSCALE_CPU_TARGET
            }
            : null
    };
}

type Runtime = Omit<PodView, 'labels'>;

function statelessRuntime(model: ArchitectureModel, component: StatelessComponent, port: number, secrets: readonly ContainerEnvView[]): Runtime {
    const ports: PortView[] = [{ name: HTTP_PORT, containerPort: port }];
    const common = {
        name: component.serviceName,
        imagePullPolicy: PULL_IF_NOT_PRESENT,
        args: [],
        ports,
        envFrom: [envConfigMapName(component.serviceName)],
        env: secrets,
        secret: secretName(model),
        readOnlyRootFilesystem: true
    };
    if (isService(component)) {
        // /ready answers once the database answers and the brokers are connected; /health while the process runs.
        return {
            runAsUser: UIDS.node,
            runAsGroup: UIDS.node,
            fsGroup: null,
            container: {
                ...common,
                image: builtImage(model, component),
                readinessProbe: httpProbe('/ready', HTTP_PORT, { initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }),
                livenessProbe: httpProbe('/health', HTTP_PORT, { initialDelaySeconds: 20, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 }),
                resources: resources(['100m', '128Mi'], ['500m', '256Mi']),
                volumeMounts: [mount('tmp', '/tmp')]
            },
            volumes: [emptyDir('tmp')]
        };
    }
    const nginx = nginxVolumes();
    const templates: { mounts: VolumeMountView[]; volumes: VolumeView[] } = isFrontend(component)
        // The frontend's image holds its template and its pages.
        ? { mounts: [], volumes: [] }
        : {
            mounts: [mount('templates', '/etc/nginx/templates/default.conf.template', { subPath: 'default.conf.template', readOnly: true })],
            volumes: [{ name: 'templates', configMap: nginxConfigMapName(component.serviceName) }]
        };
    return {
        runAsUser: UIDS.nginx,
        runAsGroup: UIDS.nginx,
        fsGroup: null,
        container: {
            ...common,
            image: isFrontend(component) ? builtImage(model, component) : IMAGES.nginx,
            readinessProbe: httpProbe('/health', HTTP_PORT, { initialDelaySeconds: 2, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }),
            livenessProbe: httpProbe('/health', HTTP_PORT, { initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 }),
            resources: resources(['50m', '64Mi'], ['250m', '128Mi']),
            volumeMounts: [...templates.mounts, ...nginx.mounts]
        },
        volumes: [...templates.volumes, ...nginx.volumes]
    };
}

/** Where unprivileged nginx writes: rendered configuration, cache and temporary files, its pid file. */
function nginxVolumes(): { mounts: VolumeMountView[]; volumes: VolumeView[] } {
    const dirs = [['conf', '/etc/nginx/conf.d'], ['cache', '/var/cache/nginx'], ['run', '/run'], ['tmp', '/tmp']] as const;
    return {
        mounts: dirs.map(([name, path]) => mount(name, path)),
        volumes: dirs.map(([name]) => emptyDir(name))
    };
}

// ---------------------------------------------------------------- databases and brokers

export function databaseFileView(model: ArchitectureModel, db: DatabaseComponent): StatefulSetFileView {
    const name = db.serviceName;
    const labels = labelsOf(model, name, 'database');
    const port = databasePort(db);
    const portName = db.engine;
    const vars = databaseVars(name);
    const schema = mount('schema', '/docker-entrypoint-initdb.d/001-schema.sql', { subPath: '001-schema.sql', readOnly: true });
    const common = {
        name,
        imagePullPolicy: PULL_IF_NOT_PRESENT,
        ports: [{ name: portName, containerPort: port }],
        envFrom: [],
        secret: secretName(model),
        readOnlyRootFilesystem: false
    };
    const engineRuntime: Runtime = db.engine === 'mysql'
        ? {
            runAsUser: UIDS.mysql,
            runAsGroup: UIDS.mysql,
            fsGroup: UIDS.mysql,
            container: {
                ...common,
                image: IMAGES.mysql,
                // The volume's root may hold lost+found, which MySQL refuses as a data directory.
                args: ['mysqld', '--datadir=/var/lib/mysql/data'],
                env: [
                    literalEnv('MYSQL_DATABASE', db.databaseName),
                    secretEnv('MYSQL_USER', vars.user),
                    secretEnv('MYSQL_PASSWORD', vars.password),
                    secretEnv('MYSQL_ROOT_PASSWORD', vars.rootPassword)
                ],
                // Over TCP as the application's user once the init scripts ran; alive while mysqladmin reaches the server at all.
                readinessProbe: execProbe(['sh', '-c', 'mysqladmin ping --silent -h 127.0.0.1 -u"$MYSQL_USER" -p"$MYSQL_PASSWORD"'],
                    { initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 }),
                livenessProbe: execProbe(['sh', '-c', 'mysqladmin ping --silent'],
                    { initialDelaySeconds: 60, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 }),
                resources: resources(['250m', '512Mi'], ['1', '1Gi']),
                volumeMounts: [mount('data', '/var/lib/mysql'), schema]
            },
            volumes: [{ name: 'schema', configMap: schemaConfigMapName(name) }]
        }
        : {
            runAsUser: UIDS.postgres,
            runAsGroup: UIDS.postgres,
            fsGroup: UIDS.postgres,
            container: {
                ...common,
                image: IMAGES.postgres,
                args: [],
                env: [
                    literalEnv('POSTGRES_DB', db.databaseName),
                    secretEnv('POSTGRES_USER', vars.user),
                    secretEnv('POSTGRES_PASSWORD', vars.password),
                    // The volume's root may hold lost+found, which initdb refuses.
                    literalEnv('PGDATA', '/var/lib/postgresql/data/pgdata')
                ],
                // Ready over TCP (the server that runs the init scripts listens on its socket only); alive on the socket.
                readinessProbe: execProbe(['sh', '-c', 'pg_isready -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"'],
                    { initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 }),
                livenessProbe: execProbe(['sh', '-c', 'pg_isready -U "$POSTGRES_USER" -d "$POSTGRES_DB"'],
                    { initialDelaySeconds: 30, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 }),
                resources: resources(['100m', '256Mi'], ['1', '512Mi']),
                volumeMounts: [mount('data', '/var/lib/postgresql/data'), schema]
            },
            volumes: [{ name: 'schema', configMap: schemaConfigMapName(name) }]
        };
    const server = db.engine === 'mysql' ? 'MySQL' : 'PostgreSQL';
    return {
        path: manifestPath(db),
        comment: `database '${db.name}' (${sourceRef(db.source, model.source.uri)}) on ${server}: StatefulSet of one (its data is not replicated), headless Service, NetworkPolicy.`,
        name: statefulSetName(name),
        serviceName: name,
        labels,
        selector: selectorOf(name),
        pod: { labels, ...engineRuntime },
        ports: [{ name: portName, port }],
        storage: DATA_STORAGE,
        networkPolicy: workloadPolicyView(model, name, 'database')
    };
}

export function brokerFileView(model: ArchitectureModel, broker: Broker): StatefulSetFileView {
    const name = broker.name;
    const labels = labelsOf(model, name, 'broker');
    const config = { name: 'config', configMap: brokerConfigMapName(name) };
    const common = {
        name,
        imagePullPolicy: PULL_IF_NOT_PRESENT,
        args: [],
        envFrom: [],
        secret: secretName(model),
        readOnlyRootFilesystem: false
    };
    const mqtt: PortView = { name: 'mqtt', containerPort: CONTAINER_PORTS.mqtt };
    let runtime: Runtime;
    if (broker.engine === 'mosquitto') {
        runtime = {
            runAsUser: UIDS.mosquitto,
            runAsGroup: UIDS.mosquitto,
            fsGroup: UIDS.mosquitto,
            container: {
                ...common,
                image: IMAGES.mosquitto,
                ports: [mqtt],
                env: [],
                readinessProbe: tcpProbe('mqtt', { initialDelaySeconds: 2, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }),
                livenessProbe: tcpProbe('mqtt', { initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 }),
                resources: resources(['50m', '32Mi'], ['250m', '128Mi']),
                volumeMounts: [
                    mount('config', '/mosquitto/config/mosquitto.conf', { subPath: 'mosquitto.conf', readOnly: true }),
                    mount('data', '/mosquitto/data')
                ]
            },
            volumes: [config]
        };
    } else {
        runtime = {
            runAsUser: UIDS.rabbitmq,
            runAsGroup: UIDS.rabbitmqGroup,
            fsGroup: UIDS.rabbitmqGroup,
            container: {
                ...common,
                image: IMAGES.rabbitmq,
                ports: [{ name: 'amqp', containerPort: CONTAINER_PORTS.amqp }, ...(speaksMqtt(broker) ? [mqtt] : [])],
                env: [
                    secretEnv('RABBITMQ_DEFAULT_USER', RABBITMQ_VARS.user),
                    secretEnv('RABBITMQ_DEFAULT_PASS', RABBITMQ_VARS.password)
                ],
                readinessProbe: execProbe(['rabbitmq-diagnostics', '-q', 'check_port_connectivity'],
                    { initialDelaySeconds: 20, periodSeconds: 30, timeoutSeconds: 20, failureThreshold: 3 }),
                livenessProbe: execProbe(['rabbitmq-diagnostics', '-q', 'ping'],
                    { initialDelaySeconds: 60, periodSeconds: 30, timeoutSeconds: 20, failureThreshold: 3 }),
                resources: resources(['200m', '256Mi'], ['1', '1Gi']),
                // Only the message store on the volume: the Erlang cookie in the home folder must stay private,
                // which the group ownership Kubernetes gives a volume's files would break.
                volumeMounts: [
                    mount('config', '/etc/rabbitmq/enabled_plugins', { subPath: 'enabled_plugins', readOnly: true }),
                    mount('data', '/var/lib/rabbitmq/mnesia')
                ]
            },
            volumes: [config]
        };
    }
    const engine = broker.engine === 'mosquitto' ? 'Mosquitto, MQTT' : `RabbitMQ, ${broker.protocols.join(' + ')}`;
    return {
        path: brokerManifestPath(name),
        comment: `broker '${name}' (${engine}) for ${broker.channels.join(', ')}: StatefulSet of one, headless Service, NetworkPolicy.`,
        name: statefulSetName(name),
        serviceName: name,
        labels,
        selector: selectorOf(name),
        pod: { labels, ...runtime },
        ports: runtime.container.ports.map(p => ({ name: p.name, port: p.containerPort })),
        storage: DATA_STORAGE,
        networkPolicy: workloadPolicyView(model, name, 'broker')
    };
}

/** One line per workload for the README: what runs, how many, how it scales. */
export interface WorkloadRow {
    readonly name: string;
    readonly kind: 'Deployment' | 'StatefulSet';
    readonly file: string;
    readonly replicas: number;
    readonly autoscaler: string | null;
}

export function workloadRows(model: ArchitectureModel): WorkloadRow[] {
    return [
        ...model.components.map((c): WorkloadRow => {
            if (isDatabase(c)) {
                return { name: statefulSetName(c.serviceName), kind: 'StatefulSet', file: manifestPath(c), replicas: 1, autoscaler: null };
            }
            return {
                name: c.serviceName,
                kind: 'Deployment',
                file: manifestPath(c),
                replicas: c.replicas,
                autoscaler: c.replicas > 1 ? `${c.replicas} to ${autoscaleMax(c.replicas)} at ${AUTOSCALE_CPU_TARGET}% CPU` : null
            };
        }),
        ...model.brokers.map((b): WorkloadRow => ({ name: statefulSetName(b.name), kind: 'StatefulSet', file: brokerManifestPath(b.name), replicas: 1, autoscaler: null }))
    ];
}
