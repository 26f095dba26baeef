import { type ArchitectureModel, type Component, type DatabaseComponent, findComponent } from '@archgen/model';
import { dataVolume, databaseVars, interpolation } from '../../naming.js';
import { type EnvVar, environmentFor } from '../environment.js';
import { IMAGES, componentFolder } from '../layout.js';
import { containerPort } from '../ports.js';
import { sourceRef } from '../source.js';
import {
    type HealthcheckView,
    mysqlHealthcheck,
    nginxHealthcheck,
    postgresHealthcheck,
    serviceHealthcheck
} from './healthchecks.js';
import type { BuildView, ServiceDraft } from './service.js';

/** How a component runs: what the template prints besides the common keys. */
interface Runtime {
    readonly image: string | null;
    readonly build: BuildView | null;
    readonly environment: readonly EnvVar[];
    readonly volumes: readonly string[];
    readonly healthcheck: HealthcheckView;
}

export function componentService(model: ArchitectureModel, component: Component): ServiceDraft {
    const port = containerPort(component);
    return {
        name: component.serviceName,
        comment: `${component.kind} '${component.name}' (${sourceRef(component.source)})`,
        hostname: null,
        replicas: component.replicas,
        ports: component.exposure.public ? [`${component.exposure.port ?? port}:${port}`] : [],
        networks: [...component.zones],
        wants: [
            ...component.dependsOn.map(name => findComponent(model, name)?.serviceName ?? name),
            ...component.brokers
        ],
        ...runtime(model, component)
    };
}

function runtime(model: ArchitectureModel, component: Component): Runtime {
    const folder = `./${componentFolder(component)}`;
    const environment = environmentFor(model, component);
    switch (component.kind) {
        case 'backend':
        case 'mqtp':
            // The services form one npm workspace: each image is built from the output folder.
            return {
                image: null,
                build: { context: '.', dockerfile: `${componentFolder(component)}/Dockerfile` },
                environment,
                volumes: [],
                healthcheck: serviceHealthcheck
            };
        case 'frontend':
            return { image: null, build: { context: folder, dockerfile: null }, environment, volumes: [], healthcheck: nginxHealthcheck };
        case 'api_gateway':
        case 'load_balancer':
            // The official image renders /etc/nginx/templates/*.template with envsubst into conf.d at start.
            return {
                image: IMAGES.nginx,
                build: null,
                environment,
                volumes: [`${folder}:/etc/nginx/templates:ro`],
                healthcheck: nginxHealthcheck
            };
        case 'database':
            return databaseRuntime(component);
    }
}

function databaseRuntime(db: DatabaseComponent): Runtime {
    const vars = databaseVars(db.serviceName);
    const schema = `./${componentFolder(db)}/schema.sql:/docker-entrypoint-initdb.d/001-schema.sql:ro`;
    if (db.engine === 'mysql') {
        return {
            image: IMAGES.mysql,
            build: null,
            environment: [
                { name: 'MYSQL_DATABASE', value: db.databaseName },
                { name: 'MYSQL_USER', value: interpolation(vars.user) },
                { name: 'MYSQL_PASSWORD', value: interpolation(vars.password) },
                { name: 'MYSQL_ROOT_PASSWORD', value: interpolation(vars.rootPassword) }
            ],
            volumes: [`${dataVolume(db.serviceName)}:/var/lib/mysql`, schema],
            healthcheck: mysqlHealthcheck
        };
    }
    return {
        image: IMAGES.postgres,
        build: null,
        environment: [
            { name: 'POSTGRES_DB', value: db.databaseName },
            { name: 'POSTGRES_USER', value: interpolation(vars.user) },
            { name: 'POSTGRES_PASSWORD', value: interpolation(vars.password) }
        ],
        volumes: [`${dataVolume(db.serviceName)}:/var/lib/postgresql/data`, schema],
        healthcheck: postgresHealthcheck
    };
}
