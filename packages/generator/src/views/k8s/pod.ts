/**
 * What a pod template prints (templates/k8s/_partials/pod.hbs): one container,
 * non-root, no privilege escalation, no capabilities, the runtime's default
 * seccomp profile, no service-account token and no Docker-link variables (a
 * Service named `users` would otherwise set `USERS_PORT=tcp://...`, which the
 * environment contract uses for a port number).
 */
import type { ContainerEnvView } from './environment.js';
import type { LabelView } from './names.js';

export interface ProbeView {
    readonly httpGet: { readonly path: string; readonly port: string } | null;
    readonly exec: { readonly command: readonly string[] } | null;
    readonly tcpSocket: { readonly port: string } | null;
    readonly initialDelaySeconds: number;
    readonly periodSeconds: number;
    readonly timeoutSeconds: number;
    readonly failureThreshold: number;
}

export interface ResourcesView {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu: string; readonly memory: string };
}

export interface VolumeMountView {
    readonly name: string;
    readonly mountPath: string;
    readonly subPath: string | null;
    readonly readOnly: boolean;
}

/** A pod volume: an empty directory, or a ConfigMap. */
export interface VolumeView {
    readonly name: string;
    readonly configMap: string | null;
}

export interface PortView {
    readonly name: string;
    readonly containerPort: number;
}

export interface ContainerView {
    readonly name: string;
    readonly image: string;
    /** `IfNotPresent`: images built locally (`docker compose build`) run without a registry. */
    readonly imagePullPolicy: string;
    readonly args: readonly string[];
    readonly ports: readonly PortView[];
    /** ConfigMaps whose keys become variables. */
    readonly envFrom: readonly string[];
    readonly env: readonly ContainerEnvView[];
    /** The Secret the `secretKey`s of `env` name. */
    readonly secret: string;
    readonly readinessProbe: ProbeView;
    readonly livenessProbe: ProbeView;
    readonly resources: ResourcesView;
    readonly readOnlyRootFilesystem: boolean;
    readonly volumeMounts: readonly VolumeMountView[];
}

export interface PodView {
    readonly labels: readonly LabelView[];
    /** The image's unprivileged user and group. */
    readonly runAsUser: number;
    readonly runAsGroup: number;
    /** Group owner of mounted volumes (persistent data); null when the pod keeps no data. */
    readonly fsGroup: number | null;
    readonly container: ContainerView;
    readonly volumes: readonly VolumeView[];
}

export function httpProbe(path: string, port: string, timing: ProbeTiming): ProbeView {
    return { httpGet: { path, port }, exec: null, tcpSocket: null, ...timing };
}

export function execProbe(command: readonly string[], timing: ProbeTiming): ProbeView {
    return { httpGet: null, exec: { command }, tcpSocket: null, ...timing };
}

export function tcpProbe(port: string, timing: ProbeTiming): ProbeView {
    return { httpGet: null, exec: null, tcpSocket: { port }, ...timing };
}

export type ProbeTiming = Pick<ProbeView, 'initialDelaySeconds' | 'periodSeconds' | 'timeoutSeconds' | 'failureThreshold'>;

export function resources(requests: [cpu: string, memory: string], limits: [cpu: string, memory: string]): ResourcesView {
    return { requests: { cpu: requests[0], memory: requests[1] }, limits: { cpu: limits[0], memory: limits[1] } };
}

export function emptyDir(name: string): VolumeView {
    return { name, configMap: null };
}

export function mount(name: string, mountPath: string, options: { subPath?: string; readOnly?: boolean } = {}): VolumeMountView {
    return { name, mountPath, subPath: options.subPath ?? null, readOnly: options.readOnly ?? false };
}
