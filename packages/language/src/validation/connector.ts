import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { CONNECTOR_KINDS, type ComponentKind, type ConnectorKind } from '@archgen/model';
import type { ArchgenAstType, Component, Connector } from '../generated/ast.js';
import { didYouMean, suggest } from '../util/suggest.js';
import { componentKind, connectorKind, describe, isService } from './_context.js';
import { report } from './_shared.js';
import { IssueCodes } from './issue-codes.js';

/** `connector <kind> a -> b`: the kind must be one of arch.tx's three. */
export function connectorKindMustBeKnown(connector: Connector, accept: ValidationAcceptor): void {
    if (!connector.kind) return; // a syntax error already says what is missing
    if (connectorKind(connector) !== undefined) return;
    const suggestion = suggest(connector.kind, CONNECTOR_KINDS);
    report(accept, 'error', IssueCodes.UnknownConnectorKind,
        `Unknown connector kind '${connector.kind}': expected one of ${CONNECTOR_KINDS.join(', ')}.${didYouMean(suggestion)}`,
        { node: connector, property: 'kind' }, suggestion);
}

interface Incompatibility {
    readonly end: 'from' | 'to';
    readonly reason: string;
}

/** The first rule a connector of this kind between these kinds breaks, if any. */
export function incompatibility(kind: ConnectorKind, from: ComponentKind, to: ComponentKind): Incompatibility | undefined {
    if (kind === 'db_connector') {
        if (!isService(from)) return { end: 'from', reason: 'only backends and mqtp services own databases' };
        if (to !== 'database') return { end: 'to', reason: 'a db_connector always ends at a database' };
        return undefined;
    }
    if (to === 'database') return { end: 'to', reason: 'only a db_connector from a backend or mqtp service reaches a database' };
    if (from === 'database') return { end: 'from', reason: 'a database only answers the db_connectors of its services' };
    if (kind === 'message_queue') {
        if (!isService(from)) return { end: 'from', reason: 'message queues run between backends and mqtp services' };
        if (!isService(to)) return { end: 'to', reason: 'message queues run between backends and mqtp services' };
        return undefined;
    }
    // http
    if (from === 'load_balancer' && to === 'load_balancer') {
        return { end: 'to', reason: 'a load balancer targets frontends, backends, mqtp services or gateways' };
    }
    if (to === 'frontend' && from !== 'load_balancer') {
        return { end: 'to', reason: 'a frontend is reached by browsers, and only a load balancer forwards requests to it' };
    }
    return undefined;
}

/** True when both ends resolve, differ, and suit the connector's kind: the edges graph checks follow. */
export function isWellFormed(connector: Connector): boolean {
    const kind = connectorKind(connector);
    const fromKind = componentKind(connector.from?.ref);
    const toKind = componentKind(connector.to?.ref);
    return kind !== undefined && fromKind !== undefined && toKind !== undefined
        && connector.from.ref !== connector.to.ref && incompatibility(kind, fromKind, toKind) === undefined;
}

/** db_connector from a service to a database; nothing else into or out of a database; http never to a frontend but from a load balancer. */
export function connectorMustLinkCompatibleKinds(connector: Connector, accept: ValidationAcceptor): void {
    const kind = connectorKind(connector);
    const from = connector.from?.ref;
    const to = connector.to?.ref;
    const fromKind = componentKind(from);
    const toKind = componentKind(to);
    if (!kind || !from || !to || !fromKind || !toKind || from === to) return;
    const problem = incompatibility(kind, fromKind, toKind);
    if (!problem) return;
    const end: Component = problem.end === 'from' ? from : to;
    const verb = problem.end === 'from' ? 'start at' : 'end at';
    report(accept, 'error', IssueCodes.IncompatibleKinds,
        `Connector '${kind}' cannot ${verb} ${describe(end)}: ${problem.reason}.`,
        { node: connector, property: problem.end });
}

export function connectorMustNotLinkToItself(connector: Connector, accept: ValidationAcceptor): void {
    const from = connector.from?.ref;
    if (!from || from !== connector.to?.ref) return;
    report(accept, 'error', IssueCodes.SelfConnection,
        `Connector '${connector.kind}' links ${describe(from)} to itself: a connector joins two different components.`,
        { node: connector, property: 'to' });
}

export const connectorChecks: ValidationChecks<ArchgenAstType> = {
    Connector: [connectorKindMustBeKnown, connectorMustLinkCompatibleKinds, connectorMustNotLinkToItself]
};
