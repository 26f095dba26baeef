import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { CONNECTOR_KINDS } from '@archgen/model';
import type { ArchgenAstType, Connector } from '../generated/ast.js';
import { didYouMean, suggest } from '../util/suggest.js';
import { report } from './_shared.js';
import { IssueCodes } from './issue-codes.js';

/** `connector <kind> a -> b`: the kind must be one of arch.tx's three. */
export function connectorKindMustBeKnown(connector: Connector, accept: ValidationAcceptor): void {
    if (!connector.kind) return; // a syntax error already says what is missing
    if ((CONNECTOR_KINDS as readonly string[]).includes(connector.kind)) return;
    const suggestion = suggest(connector.kind, CONNECTOR_KINDS);
    report(accept, 'error', IssueCodes.UnknownConnectorKind,
        `Unknown connector kind '${connector.kind}': expected one of ${CONNECTOR_KINDS.join(', ')}.${didYouMean(suggestion)}`,
        { node: connector, property: 'kind' }, suggestion);
}

export const connectorChecks: ValidationChecks<ArchgenAstType> = {
    Connector: [connectorKindMustBeKnown]
};
