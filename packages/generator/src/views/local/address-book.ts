import { type ArchitectureModel, isDatabase } from '@archgen/model';
import type { AddressBook } from '../environment.js';
import { componentFolder } from '../layout.js';
import { DIR_TOKEN, HOST_TOKEN, portToken, secretToken, settingToken } from './tokens.js';

/**
 * The AddressBook of a native run: every component on 127.0.0.1 with a port
 * `up` allocates, one per replica; databases in one PostgreSQL cluster; secrets
 * and settings resolved at run time. Returns placeholders (tokens.ts) and
 * records the settings it was asked for, with their defaults.
 */
export class LocalAddressBook implements AddressBook {
    private readonly defaults = new Map<string, string>();
    private readonly replicaCount: ReadonlyMap<string, number>;
    private readonly databases: ReadonlySet<string>;

    /** `brokerUnits`: the unit of each broker, by broker name (its name unless a component has it). */
    constructor(model: ArchitectureModel, private readonly postgresUnit: string, private readonly brokerUnits: ReadonlyMap<string, string> = new Map()) {
        this.replicaCount = new Map(model.components.map(c => [c.serviceName, c.replicas]));
        this.databases = new Set(model.components.filter(isDatabase).map(c => c.serviceName));
        const folders = new Map(model.components.map(c => [c.serviceName, componentFolder(c)]));
        this.staticRoot = serviceName => `${DIR_TOKEN}/${folders.get(serviceName) ?? `frontends/${serviceName}`}/public`;
    }

    host(): string {
        return HOST_TOKEN;
    }

    port(serviceName: string, containerPort: number): string {
        return portToken(this.unitOf(serviceName), containerPort);
    }

    secret(name: string): string {
        return secretToken(name);
    }

    setting(name: string, defaultValue: string): string {
        if (!this.defaults.has(name)) this.defaults.set(name, defaultValue);
        return settingToken(name);
    }

    replicas(serviceName: string, containerPort: number): string[] {
        const count = this.replicaCount.get(serviceName) ?? 1;
        return Array.from({ length: count }, (_, i) => `${HOST_TOKEN}:${portToken(this.unitOf(serviceName), containerPort, i)}`);
    }

    listenHost(): string {
        return HOST_TOKEN;
    }

    readonly staticRoot: (serviceName: string) => string;

    /** Settings asked for so far, with their defaults, in the order first asked. */
    settings(): { name: string; defaultValue: string }[] {
        return [...this.defaults].map(([name, defaultValue]) => ({ name, defaultValue }));
    }

    /** Databases live in the one cluster; brokers and components are their own units. */
    private unitOf(serviceName: string): string {
        if (this.databases.has(serviceName)) return this.postgresUnit;
        return this.brokerUnits.get(serviceName) ?? serviceName;
    }
}
