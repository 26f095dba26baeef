import {
    type ArchitectureModel,
    type Broker,
    type Component,
    type DatabaseComponent,
    type FrontendComponent,
    type GatewayComponent,
    type LoadBalancerComponent,
    type ServiceComponent,
    isDatabase,
    isFrontend,
    isGateway,
    isLoadBalancer,
    isService
} from '@archgen/model';
import type { DiagramInput } from '../types.js';

/** What an entry is rendered for: the whole model once, or each item of a kind. */
export interface ScopeItems {
    once: ArchitectureModel;
    component: Component;
    service: ServiceComponent;
    database: DatabaseComponent;
    frontend: FrontendComponent;
    gateway: GatewayComponent;
    load_balancer: LoadBalancerComponent;
    broker: Broker;
    /** A hand-written handler a service's consumer actions call (`handler "check_thresholds"`). */
    handler: HandlerItem;
}

export interface HandlerItem {
    readonly service: ServiceComponent;
    /** The handler's name in the model. */
    readonly name: string;
}

export type Scope = keyof ScopeItems;

/** What generate() was given besides the model and the target: inputs an entry may print. */
export interface ManifestContext {
    /** The rendered architecture diagram, when the caller rendered one. */
    readonly diagram?: DiagramInput;
}

/**
 * One template of a target. Declared with method syntax on purpose: entries of
 * different scopes and views then fit in one `Manifest` list; `entry()` keeps
 * each one internally consistent.
 */
export interface ManifestEntry<S extends Scope = Scope, V extends object = object> {
    /** Path below `templates/`, e.g. `compose/docker-compose.yml.hbs`. */
    readonly template: string;
    readonly scope: S;
    /** Render for this item only when true (default: always). */
    when?(model: ArchitectureModel, item: ScopeItems[S], context: ManifestContext): boolean;
    /** The typed view-model the template prints. */
    view(model: ArchitectureModel, item: ScopeItems[S], context: ManifestContext): V;
    /** The output path, POSIX and relative to the output folder. */
    output(view: V): string;
    readonly executable?: boolean;
    /** The file is the user's once written (see GeneratedFile.once). */
    readonly once?: boolean;
}

export type Manifest = readonly ManifestEntry[];

/** Declares an entry with its scope and view types checked together. */
export function entry<S extends Scope, V extends object>(definition: ManifestEntry<S, V>): ManifestEntry<S, V> {
    return definition;
}

export function itemsOf<S extends Scope>(model: ArchitectureModel, scope: S): ScopeItems[S][] {
    const items: { [K in Scope]: () => ScopeItems[K][] } = {
        once: () => [model],
        component: () => [...model.components],
        service: () => model.components.filter(isService),
        database: () => model.components.filter(isDatabase),
        frontend: () => model.components.filter(isFrontend),
        gateway: () => model.components.filter(isGateway),
        load_balancer: () => model.components.filter(isLoadBalancer),
        broker: () => [...model.brokers],
        handler: () => handlerItems(model)
    };
    return items[scope]() as ScopeItems[S][];
}

/** Every (service, handler name) pair of the model's consumer actions, in model order, each once. */
function handlerItems(model: ArchitectureModel): HandlerItem[] {
    const items: HandlerItem[] = [];
    for (const service of model.components.filter(isService)) {
        for (const connector of model.connectors) {
            if (connector.to !== service.name || !connector.message) continue;
            for (const action of connector.message.actions) {
                if (action.kind === 'handler' && !items.some(i => i.service === service && i.name === action.name)) {
                    items.push({ service, name: action.name });
                }
            }
        }
    }
    return items;
}
