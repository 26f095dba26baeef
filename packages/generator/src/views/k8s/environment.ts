/**
 * The environment contract (views/environment.ts) on Kubernetes: the same
 * variables with the same values as in compose. Host names are the Services'
 * DNS names (the component's service name, resolved in the namespace), ports
 * the container ports; secrets are references to keys of the Secret that
 * kustomize builds from `.env`; settings take their default.
 */
import type { ArchitectureModel, Component } from '@archgen/model';
import { type AddressBook, type EnvVar, environmentFor } from '../environment.js';

/** One `env:` entry: a literal value, or a key of the Secret. */
export interface ContainerEnvView {
    readonly name: string;
    readonly value: string | null;
    /** The key in the Secret built from `.env`. */
    readonly secretKey: string | null;
}

export interface KubernetesEnvironment {
    /** Variables for the component's ConfigMap, in the contract's order. */
    readonly config: readonly EnvVar[];
    /** Variables read from the Secret, in the contract's order. */
    readonly secrets: readonly ContainerEnvView[];
}

/** Marks a secret's value inside the address book; never printed (a NUL cannot occur in the contract's values). */
const SECRET_MARK = '\u0000secret:';

/** Inside a namespace: a Service is reached by its name, on the container's port. */
export const kubernetesAddresses: AddressBook = {
    host: serviceName => serviceName,
    port: (_serviceName, port) => port,
    secret: name => `${SECRET_MARK}${name}`,
    setting: (_name, defaultValue) => defaultValue
};

export function kubernetesEnvironment(model: ArchitectureModel, component: Component): KubernetesEnvironment {
    const config: EnvVar[] = [];
    const secrets: ContainerEnvView[] = [];
    for (const variable of environmentFor(model, component, kubernetesAddresses)) {
        if (variable.value.startsWith(SECRET_MARK)) {
            secrets.push(secretEnv(variable.name, variable.value.slice(SECRET_MARK.length)));
        } else {
            if (variable.value.includes(SECRET_MARK)) throw new Error(`Variable '${variable.name}' mixes a secret into a value.`);
            config.push(variable);
        }
    }
    return { config, secrets };
}

export function literalEnv(name: string, value: string): ContainerEnvView {
    return { name, value, secretKey: null };
}

export function secretEnv(name: string, secretKey: string): ContainerEnvView {
    return { name, value: null, secretKey };
}
