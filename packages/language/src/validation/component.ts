import { GrammarUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import { COMPONENT_KINDS } from '@archgen/model';
import type { ArchgenAstType, Component } from '../generated/ast.js';
import { didYouMean, suggest } from '../util/suggest.js';
import { report } from './_shared.js';
import { IssueCodes } from './issue-codes.js';

/** `component <kind> <name>`: the kind must be one of arch.tx's six. */
export function componentKindMustBeKnown(component: Component, accept: ValidationAcceptor): void {
    if (!component.kind) return; // a syntax error already says what is missing
    const written = component.kindTail ? `${component.kind} ${component.kindTail}` : component.kind;
    if (!component.kindTail && (COMPONENT_KINDS as readonly string[]).includes(component.kind)) return;
    const suggestion = suggest(written, COMPONENT_KINDS);
    const kindNode = GrammarUtils.findNodeForProperty(component.$cstNode, 'kind');
    const tailNode = GrammarUtils.findNodeForProperty(component.$cstNode, 'kindTail');
    const range = kindNode && tailNode ? { start: kindNode.range.start, end: tailNode.range.end } : kindNode?.range;
    report(accept, 'error', IssueCodes.UnknownComponentKind,
        `Unknown component kind '${written}': expected one of ${COMPONENT_KINDS.join(', ')}.${didYouMean(suggestion)}`,
        range ? { node: component, range } : { node: component, property: 'kind' }, suggestion);
}

export const componentChecks: ValidationChecks<ArchgenAstType> = {
    Component: [componentKindMustBeKnown]
};
