import type { EnvVar } from '../environment.js';
import type { HealthcheckView } from './healthchecks.js';

/** How compose builds an image: the context folder, and the Dockerfile when it is not `<context>/Dockerfile`. */
export interface BuildView {
    readonly context: string;
    readonly dockerfile: string | null;
}

/** One entry under `services:` of docker-compose.yml. Lists may be empty; the template then omits the key. */
export interface ComposeServiceView {
    readonly name: string;
    /** One line: what the service is and where the model declares it. */
    readonly comment: string;
    readonly image: string | null;
    readonly build: BuildView | null;
    readonly hostname: string | null;
    readonly replicas: number;
    /** `host:container`, for public components only. */
    readonly ports: readonly string[];
    readonly environment: readonly EnvVar[];
    readonly volumes: readonly string[];
    readonly networks: readonly string[];
    /** Services that must be healthy first. */
    readonly dependsOn: readonly string[];
    /** Dependencies left out because they would close a start-up cycle. */
    readonly droppedDependencies: readonly string[];
    readonly healthcheck: HealthcheckView;
}

/** A service before the start-up order is settled. */
export type ServiceDraft = Omit<ComposeServiceView, 'dependsOn' | 'droppedDependencies'> & {
    readonly wants: readonly string[];
};
