import type { ValidationChecks, ValidationCheck, AstNode } from 'langium';
import type { ArchgenAstType } from '../generated/ast.js';
import type { ArchgenServices } from '../arch-module.js';
import { safely } from './_shared.js';
import { disposeContext, prepareContext } from './_context.js';
import { actionChecks } from './action.js';
import { architectureChecks } from './architecture.js';
import { callChecks } from './call.js';
import { componentChecks } from './component.js';
import { connectorChecks } from './connector.js';
import { entityChecks } from './entity.js';
import { fieldChecks } from './field.js';
import { gatewayAuthChecks } from './gateway-auth.js';
import { gatewayChecks } from './gateway.js';
import { importChecks } from './import.js';
import { loadBalancerChecks } from './load-balancer.js';
import { messageChecks } from './message.js';
import { nameChecks } from './names.js';

/** Every check, by the AST type it runs on. One file per concept. */
export const registry: readonly ValidationChecks<ArchgenAstType>[] = [
    nameChecks,
    componentChecks,
    connectorChecks,
    architectureChecks,
    loadBalancerChecks,
    gatewayChecks,
    gatewayAuthChecks,
    entityChecks,
    fieldChecks,
    messageChecks,
    actionChecks,
    callChecks,
    importChecks
];

/** Wraps every check of a set so that an exception becomes a diagnostic. */
export function wrapChecks(checks: ValidationChecks<ArchgenAstType>): ValidationChecks<ArchgenAstType> {
    const wrapped: Record<string, ValidationCheck[]> = {};
    for (const [type, list] of Object.entries(checks)) {
        const array = (Array.isArray(list) ? list : [list]) as ValidationCheck<AstNode>[];
        wrapped[type] = array.map(check => safely(check));
    }
    return wrapped as ValidationChecks<ArchgenAstType>;
}

export function registerValidationChecks(services: ArchgenServices): void {
    const validation = services.validation.ValidationRegistry;
    validation.registerBeforeDocument(root => prepareContext(services, root));
    for (const checks of registry) validation.register(wrapChecks(checks));
    validation.registerAfterDocument(root => disposeContext(root));
}
