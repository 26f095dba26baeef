import type { AstNode, ValidationAcceptor, ValidationCheck, ValidationSeverity, DiagnosticInfo } from 'langium';
import { IssueCodes, type IssueCode, type ArchDiagnosticData } from './issue-codes.js';

/**
 * Reports a diagnostic with its stable code, and the suggestion a quick fix
 * can apply. Every check reports through this, so no diagnostic lacks a code.
 */
export function report<N extends AstNode>(
    accept: ValidationAcceptor,
    severity: ValidationSeverity,
    code: IssueCode,
    message: string,
    info: Omit<DiagnosticInfo<N>, 'code' | 'data'>,
    suggestion?: string
): void {
    const data: ArchDiagnosticData = suggestion === undefined ? { code } : { code, suggestion };
    accept(severity, message, { ...info, code, data } as DiagnosticInfo<N>);
}

/**
 * Wraps a check so that an exception in it becomes one diagnostic on the node
 * instead of silencing every other check of the document.
 */
export function safely<T extends AstNode>(check: ValidationCheck<T>): ValidationCheck<T> {
    const wrapped: ValidationCheck<T> = async (node, accept, token) => {
        try {
            await check(node, accept, token);
        } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            report(accept, 'error', IssueCodes.InternalError,
                `Internal error in check '${check.name || 'anonymous'}': ${reason}.`, { node });
        }
    };
    Object.defineProperty(wrapped, 'name', { value: check.name });
    return wrapped;
}
