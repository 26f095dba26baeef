import type { CallRule } from '@archgen/model';
import * as ast from '../generated/ast.js';
import type { BuildContext } from './context.js';

/** The call rules of an http connector (`on create X set ...` / `on create X take ...`). */
export function buildCallRules(ctx: BuildContext, connector: ast.Connector): CallRule[] {
    return connector.members.filter(ast.isCallRule).flatMap((rule): CallRule[] => {
        const body = rule.rule;
        const entity = rule.entity.ref?.name;
        const target = body.target.ref?.name;
        if (!entity || !target) return [];
        const on = { operation: 'create' as const, entity };
        const where = { field: body.key, value: body.value };
        const source = ctx.source(rule);
        if (ast.isTakeRule(body)) {
            return [{ kind: 'take', on, amount: body.amount, target: { entity: target, field: body.targetField }, where, source }];
        }
        return [{
            kind: 'lookup', on, field: body.field, target: { entity: target, field: body.targetField },
            ...(body.factor ? { factor: body.factor } : {}), where, source
        }];
    });
}
