import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { didYouMean, suggest } from '../util/suggest.js';
import { connectorKind, contextOf, describe } from './_context.js';
import { report } from './_shared.js';
import { IssueCodes } from './issue-codes.js';

/**
 * Call rules: what a caller does through an http connector when its API
 * creates a row (`on create OrderDetail take quantity from Inventory.quantity
 * where product_id = product_id`). The created entity belongs to the caller,
 * the target entity to the service called; the fields exist and quantities
 * are numbers.
 */

const NUMERIC = new Set(['int', 'bigint', 'serial', 'decimal']);
const OPERATIONS = ['create'] as const;

function fieldsOf(entity: ast.Entity): Map<string, ast.Field> {
    const fields = new Map<string, ast.Field>();
    if (!entity.fields.some(f => f.modifiers.some(ast.isPrimaryKeyModifier))) {
        fields.set('id', { name: 'id', type: { name: 'serial' } } as unknown as ast.Field);
    }
    for (const f of entity.fields) if (f.name && !fields.has(f.name)) fields.set(f.name, f);
    return fields;
}

export function callRuleMustBeOnHttp(rule: ast.CallRule, accept: ValidationAcceptor): void {
    const kind = connectorKind(rule.$container);
    if (kind === undefined || kind === 'http') return;
    report(accept, 'error', IssueCodes.CallNotHttp,
        `A call rule ('on ${rule.operation ?? ''} ...') applies to http connectors only, not to a ${kind} connector.`,
        { node: rule, keyword: 'on' });
}

export function callRuleOperationMustBeKnown(rule: ast.CallRule, accept: ValidationAcceptor): void {
    if (!rule.operation || (OPERATIONS as readonly string[]).includes(rule.operation)) return;
    const suggestion = suggest(rule.operation, OPERATIONS);
    report(accept, 'error', IssueCodes.CallUnknownOperation,
        `Unknown operation '${rule.operation}' in a call rule: expected 'create'.${didYouMean(suggestion)}`,
        { node: rule, property: 'operation' }, suggestion);
}

export function callRuleEntitiesMustBeOwned(rule: ast.CallRule, accept: ValidationAcceptor): void {
    const connector = rule.$container;
    const caller = connector.from?.ref;
    const callee = connector.to?.ref;
    const created = rule.entity?.ref;
    const target = rule.rule?.target?.ref;
    if (connectorKind(connector) !== 'http' || !caller || !callee) return;
    const ownership = contextOf(rule).ownership;
    if (created?.name && !ownership.ownsEntity(caller.name, created.name)) {
        report(accept, 'error', IssueCodes.CallEntityNotOwned,
            `Entity '${created.name}' is not owned by the caller ${describe(caller)}: a call rule runs when the caller creates one of its own rows.`,
            { node: rule, property: 'entity' });
    }
    if (target?.name && !ownership.ownsEntity(callee.name, target.name)) {
        report(accept, 'error', IssueCodes.CallEntityNotOwned,
            `Entity '${target.name}' is not owned by ${describe(callee)}, the service this connector calls: a call rule reads or takes from the called service's data.`,
            { node: rule.rule, property: 'target' });
    }
}

export function callRuleFieldsMustExist(rule: ast.CallRule, accept: ValidationAcceptor): void {
    const created = rule.entity?.ref;
    const body = rule.rule;
    const target = body?.target?.ref;
    if (!created || !body || !target) return;
    const own = fieldsOf(created);
    const theirs = fieldsOf(target);
    const check = (name: string | undefined, fields: Map<string, ast.Field>, entity: string, property: string, numeric: boolean) => {
        if (!name) return;
        const field = fields.get(name);
        if (!field) {
            const suggestion = suggest(name, fields.keys());
            report(accept, 'error', IssueCodes.CallUnknownField,
                `Entity '${entity}' has no field '${name}'.${didYouMean(suggestion)}`,
                { node: body, property } as never, suggestion);
        } else if (numeric && !NUMERIC.has(field.type?.name ?? '')) {
            report(accept, 'error', IssueCodes.CallFieldNotNumeric,
                `Field '${entity}.${name}' is a ${field.type?.name}, but this rule computes with it: use int, bigint or decimal.`,
                { node: body, property } as never);
        }
    };
    check(body.targetField, theirs, target.name, 'targetField', ast.isTakeRule(body) || body.factor !== undefined);
    check(body.key, theirs, target.name, 'key', false);
    check(body.value, own, created.name, 'value', false);
    if (ast.isTakeRule(body)) {
        check(body.amount, own, created.name, 'amount', true);
    } else {
        check(body.field, own, created.name, 'field', false);
        check(body.factor, own, created.name, 'factor', true);
    }
}

/** `sum Child.field`: the child references this entity in the same database, and the field is a number. */
export function sumMustNameChildNumber(modifier: ast.SumModifier, accept: ValidationAcceptor): void {
    const field = modifier.$container;
    const parent = field.$container;
    const child = modifier.entity?.ref;
    if (!child || !ast.isEntity(parent)) return;
    const references = child.fields.some(f => f.modifiers.some(m => ast.isReferenceModifier(m) && m.entity?.ref === parent));
    const sameDatabase = child.$container === parent.$container;
    if (!references || !sameDatabase) {
        report(accept, 'error', IssueCodes.InvalidSum,
            `Entity '${child.name}' is not a child of '${parent.name}': 'sum' adds up a field of an entity in the same database that references '${parent.name}'.`,
            { node: modifier, property: 'entity' });
        return;
    }
    const summed = child.fields.find(f => f.name === modifier.field);
    if (!summed) {
        const suggestion = suggest(modifier.field ?? '', child.fields.map(f => f.name));
        report(accept, 'error', IssueCodes.InvalidSum, `Entity '${child.name}' has no field '${modifier.field}'.${didYouMean(suggestion)}`,
            { node: modifier, property: 'field' }, suggestion);
    } else if (!NUMERIC.has(summed.type?.name ?? '') || !NUMERIC.has(field.type?.name ?? '')) {
        report(accept, 'error', IssueCodes.InvalidSum,
            `'sum' adds numbers: '${parent.name}.${field.name}' and '${child.name}.${summed.name}' must be int, bigint or decimal.`,
            { node: modifier, property: 'field' });
    }
}

export const callChecks: ValidationChecks<ast.ArchgenAstType> = {
    CallRule: [callRuleMustBeOnHttp, callRuleOperationMustBeKnown, callRuleEntitiesMustBeOwned, callRuleFieldsMustExist],
    SumModifier: [sumMustNameChildNumber]
};
