import { ValidationRegistry, type AstNode, type ValidationAcceptor, type ValidationCheck } from 'langium';
import { isSafe } from './_shared.js';

/**
 * Langium's registry wraps every check in an async function, so validating a
 * model costs a few promises per node and check. Here a check that returns
 * nothing stays synchronous (ArchDocumentValidator awaits only what returns a
 * promise); an exception, thrown or rejected, is still reported as Langium
 * reports it. Archgen's own checks never throw: `safely` wraps each, so they
 * are registered as they are, without a second wrapper.
 */
export class ArchValidationRegistry extends ValidationRegistry {
    protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
        if (isSafe(check)) return check;
        return (node: AstNode, accept: ValidationAcceptor, cancelToken) => {
            let result: unknown;
            try {
                result = check.call(thisObj, node, accept, cancelToken);
            } catch (error) {
                return this.handleException(() => { throw error; }, 'An error occurred during validation', accept, node);
            }
            if (isThenable(result)) return this.handleException(() => result as Promise<void>, 'An error occurred during validation', accept, node);
            return undefined;
        };
    }
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
    return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}
