import { COMPONENT_KINDS, CONNECTOR_KINDS, type ComponentKind, type ConnectorKind } from '@archgen/model';
import { incompatibility } from '../validation/connector.js';

/** What each component kind means, for completion details and hovers. */
export const COMPONENT_KIND_DOCS: Record<ComponentKind, string> = {
    frontend: 'A web frontend served to browsers; reached only through a load balancer, it calls the gateway (or backends) over http.',
    backend: 'A service with a REST API; owns its database(s) through db_connectors and may call other services.',
    database: 'A database owned by one backend or mqtp service; holds the entities the service stores.',
    load_balancer: 'Spreads incoming http traffic over the replicas of its targets.',
    api_gateway: 'The single entry point to the services: routes, authentication, rate limits (Limit Exposure).',
    mqtp: 'A message-processing service: publishes and consumes messages through message_queue connectors.'
};

/** What each connector kind means. */
export const CONNECTOR_KIND_DOCS: Record<ConnectorKind, string> = {
    http: 'A synchronous http call from one component to another (never into a database).',
    db_connector: 'Gives a backend or mqtp service its database.',
    message_queue: 'Asynchronous messages through a broker, between backends and mqtp services.'
};

export function isComponentKind(kind: string | undefined): kind is ComponentKind {
    return kind !== undefined && (COMPONENT_KINDS as readonly string[]).includes(kind);
}

export function isConnectorKind(kind: string | undefined): kind is ConnectorKind {
    return kind !== undefined && (CONNECTOR_KINDS as readonly string[]).includes(kind);
}

/**
 * Whether a component of kind `candidate` may stand at `end` of a connector of
 * kind `kind`, given the kind of the other end when it is known.
 */
export function allowedAt(kind: ConnectorKind, end: 'from' | 'to', candidate: ComponentKind, other?: ComponentKind): boolean {
    const others = other ? [other] : COMPONENT_KINDS;
    return others.some(o => (end === 'from' ? incompatibility(kind, candidate, o) : incompatibility(kind, o, candidate)) === undefined);
}
