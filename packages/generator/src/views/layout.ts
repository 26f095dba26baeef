import type { Component, ComponentKind } from '@archgen/model';

/**
 * Where each kind of component lives in the output tree. Later generators fill
 * these folders; the compose file already points at them.
 */
const FOLDERS: Readonly<Record<ComponentKind, string>> = {
    backend: 'services',
    mqtp: 'services',
    frontend: 'frontends',
    api_gateway: 'gateways',
    load_balancer: 'load-balancers',
    database: 'databases'
};

/** `services/users`, `databases/users-db`: POSIX, relative to the output folder. */
export function componentFolder(component: Component): string {
    return `${FOLDERS[component.kind]}/${component.serviceName}`;
}

/** `brokers/rabbitmq`. */
export function brokerFolder(brokerName: string): string {
    return `brokers/${brokerName}`;
}

export const IMAGES = {
    nginx: 'nginx:1.27-alpine',
    postgres: 'postgres:15-alpine',
    mysql: 'mysql:8.4',
    rabbitmq: 'rabbitmq:3.13-management-alpine',
    mosquitto: 'eclipse-mosquitto:2'
} as const;
