/**
 * Names inside the generated npm workspace: package names, folders, the info
 * route. The workspace is one npm project at the root of the output.
 */
import { type ArchitectureModel, type Entity, type ServiceComponent, kebabCase } from '@archgen/model';
import { componentFolder } from '../layout.js';

export { kebabCase, words } from '@archgen/model';

/** The folder of the shared runtime package. */
export const RUNTIME_FOLDER = 'runtime';

/** `@ecommerce/runtime`: every package of the workspace is scoped by the project name. */
export function runtimePackageName(model: ArchitectureModel): string {
    return `@${model.projectName}/runtime`;
}

/** `@ecommerce/ecommerce-be-pd`; a service called `runtime` becomes `runtime-service`. */
export function servicePackageName(model: ArchitectureModel, service: ServiceComponent): string {
    const name = service.serviceName === RUNTIME_FOLDER ? `${RUNTIME_FOLDER}-service` : service.serviceName;
    return `@${model.projectName}/${name}`;
}

/** `services/ecommerce-be-pd`. */
export function serviceFolder(service: ServiceComponent): string {
    return componentFolder(service);
}

/** A service's contract, below its folder: written by archgen, read and served by the service. */
export const OPENAPI_FILE = 'openapi.json';

/** The resource routes of the token issuer. */
export const AUTH_PREFIX = '/api/auth';

/**
 * `/api/<kebab of the component name>`: the gateway's default route to a
 * service without entities. Null when a resource of the service (or its auth
 * routes) already answers on that path.
 */
export function infoPath(service: ServiceComponent, entities: readonly Entity[]): string | null {
    const path = `/api/${kebabCase(service.name)}`;
    const taken = [...entities.map(e => `/api/${e.resource}`), ...(service.issuesTokens ? [AUTH_PREFIX] : [])];
    return taken.includes(path) ? null : path;
}
