import type { ValidationChecks, ValidationCheck, AstNode } from 'langium';
import type { ArchgenAstType } from '../generated/ast.js';
import type { ArchgenServices } from '../arch-module.js';
import { safely } from './_shared.js';
import { componentChecks } from './component.js';
import { connectorChecks } from './connector.js';

/** Every check, by the AST type it runs on. One file per concept. */
const registry: ValidationChecks<ArchgenAstType>[] = [
    componentChecks,
    connectorChecks
];

export function registerValidationChecks(services: ArchgenServices): void {
    const validation = services.validation.ValidationRegistry;
    for (const checks of registry) {
        const wrapped: Record<string, ValidationCheck[]> = {};
        for (const [type, list] of Object.entries(checks)) {
            const array = (Array.isArray(list) ? list : [list]) as ValidationCheck<AstNode>[];
            wrapped[type] = array.map(check => safely(check));
        }
        validation.register(wrapped as ValidationChecks<ArchgenAstType>);
    }
}
