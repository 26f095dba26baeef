import type { CallRule } from '@archgen/model';
import * as ast from '../generated/ast.js';
import type { BuildContext } from './context.js';

/** The call rules of an http connector (`on create X set ...` / `on create X take ...`). */
export function buildCallRules(ctx: BuildContext, connector: ast.Connector): CallRule[] {
    const rules: CallRule[] = [];
    for (const rule of connector.members) {
        if (!ast.isCallRule(rule)) continue;
        const body = rule.rule;
        const entity = rule.entity.ref?.name;
        const target = body.target.ref?.name;
        if (!entity || !target) continue;
        const on = { operation: 'create' as const, entity };
        const where = { field: body.key, value: body.value };
        const source = ctx.source(rule);
        if (ast.isTakeRule(body)) {
            rules.push({ kind: 'take', on, amount: body.amount, target: { entity: target, field: body.targetField }, where, source });
            continue;
        }
        rules.push(body.factor
            ? { kind: 'lookup', on, field: body.field, target: { entity: target, field: body.targetField }, factor: body.factor, where, source }
            : { kind: 'lookup', on, field: body.field, target: { entity: target, field: body.targetField }, where, source });
    }
    return rules;
}
