import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { LB_STRATEGIES as STRATEGIES } from '@archgen/model';
import type * as ast from '../generated/ast.js';
import { didYouMean, suggest } from '../util/suggest.js';
import { componentKind, contextOf, Describe, describe } from './_context.js';
import { durationMustBeValid, lineOf, relatedAt, report } from './_shared.js';
import { notApplicableReason } from './component.js';
import { IssueCodes } from './issue-codes.js';

/** A load balancer balances its http targets: without any it forwards nothing. */
export function loadBalancerMustHaveTargets(component: ast.Component, accept: ValidationAcceptor): void {
    if (componentKind(component) !== 'load_balancer' || !component.name) return;
    const ctx = contextOf(component);
    if (!ctx.isFirstOfName(component) || ctx.build.connectorsFrom(component.name, 'http').length > 0) return;
    report(accept, 'error', IssueCodes.NoTargets,
        `${Describe(component)} has no targets: add an http connector from it to each frontend, service or gateway it balances.`,
        { node: component, property: 'name' });
}

export function strategyMustBeKnown(strategy: ast.Strategy, accept: ValidationAcceptor): void {
    if (!strategy.name || notApplicableReason(strategy)) return;
    if ((STRATEGIES as readonly string[]).includes(strategy.name)) return;
    const suggestion = suggest(strategy.name, STRATEGIES);
    report(accept, 'error', IssueCodes.UnknownStrategy,
        `Load-balancing strategy '${strategy.name}' of ${describe(strategy.$container)} is not supported: use ${STRATEGIES.join(', ')}.${didYouMean(suggestion)}`,
        { node: strategy, property: 'name' }, suggestion);
}

/** `health "/path" interval 5s max_fails 3 fail_timeout 10s`: a path, durations, and at least one failure. */
export function healthMustBeValid(health: ast.Health, accept: ValidationAcceptor): void {
    if (notApplicableReason(health)) return;
    const owner = describe(health.$container);
    if (health.path !== undefined && !/^\/[A-Za-z0-9\-._~/]*$/.test(health.path)) {
        report(accept, 'error', IssueCodes.InvalidHealth,
            `Health-check path '${health.path}' of ${owner} is not a path: start it with '/' and use only letters, digits and - . _ ~ /.`,
            { node: health, property: 'path' });
    }
    const seen = new Map<string, ast.HealthOption>();
    for (const option of health.options) {
        if (!option.name) continue;
        const earlier = seen.get(option.name);
        if (earlier) {
            report(accept, 'error', IssueCodes.InvalidHealth,
                `Health option '${option.name}' of ${owner} is already given on line ${lineOf(earlier)}: give it once.`,
                { node: option, property: 'name', relatedInformation: relatedAt(earlier, 'First given here.', 'name') });
            continue;
        }
        seen.set(option.name, option);
        if (option.name === 'max_fails') {
            const text = String(option.value ?? '');
            if (option.value !== undefined && !(/^\d+$/.test(text) && Number(text) >= 1)) {
                report(accept, 'error', IssueCodes.InvalidHealth,
                    `Health option 'max_fails' of ${owner} is '${text}': it counts failed requests, a whole number of at least 1.`,
                    { node: option, property: 'value' });
            }
        } else {
            durationMustBeValid(accept, option, 'value', option.value, `Health option ${option.name}`);
        }
    }
}

export const loadBalancerChecks: ValidationChecks<ast.ArchgenAstType> = {
    Component: [loadBalancerMustHaveTargets],
    Strategy: [strategyMustBeKnown],
    Health: [healthMustBeValid]
};
