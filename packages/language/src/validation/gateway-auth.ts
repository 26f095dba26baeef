import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { didYouMean, suggest } from '../util/suggest.js';
import { componentKind, contextOf, Describe, describe, isService } from './_context.js';
import { at, durationMustBeValid, keywordRange, quoteList, report } from './_shared.js';
import { notApplicableReason } from './component.js';
import { IssueCodes } from './issue-codes.js';

/** `auth jwt`: the gateway verifies JSON Web Tokens and nothing else. */
export function authSchemeMustBeJwt(auth: ast.Auth, accept: ValidationAcceptor): void {
    if (!auth.scheme || auth.scheme === 'jwt' || notApplicableReason(auth)) return;
    report(accept, 'error', IssueCodes.UnknownAuthScheme,
        `Authentication scheme '${auth.scheme}' of ${describe(auth.$container)} is not supported: gateways verify JSON Web Tokens, so write 'auth jwt'.`,
        { node: auth, property: 'scheme' }, 'jwt');
}

/** The issuer is a service the gateway reaches: declared, or inferred from a reachable service's User entity. */
export function authIssuerMustBeReachableService(auth: ast.Auth, accept: ValidationAcceptor): void {
    const gateway = auth.$container;
    if (!gateway.name || notApplicableReason(auth)) return;
    const ctx = contextOf(auth);
    if (auth.issuer) {
        const issuer = auth.issuer.ref;
        if (!issuer) return; // unresolved: reported with a suggestion already
        if (isService(componentKind(issuer)) && ctx.reach(gateway.name).has(issuer.name)) return;
        report(accept, 'error', IssueCodes.InvalidIssuer,
            `${Describe(issuer)} cannot issue the tokens of ${describe(gateway)}: the issuer must be a backend or mqtp service the gateway reaches.`,
            { node: auth, property: 'issuer' });
        return;
    }
    if (!ctx.entitiesComplete || ctx.issuer(gateway) !== undefined) return;
    report(accept, 'error', IssueCodes.InvalidIssuer,
        `${Describe(gateway)} has no token issuer: name one with 'issuer <service>', or give a service the gateway reaches an entity named User.`,
        at(auth, keywordRange(auth, 'auth')));
}

export function authExpiryMustBeDuration(auth: ast.Auth, accept: ValidationAcceptor): void {
    if (notApplicableReason(auth)) return;
    durationMustBeValid(accept, auth, 'expires', auth.expires, 'Token lifetime');
}

/**
 * `public "/x"` and `restrict "/x" to admin` refine authentication, so the
 * gateway needs `auth`; restricted roles must be the auth's roles (declared,
 * or the values of the issuer's User `role` enum).
 */
export function accessRulesMustNameKnownRoles(rule: ast.PublicRoute | ast.Restriction, accept: ValidationAcceptor): void {
    const gateway = rule.$container;
    if (componentKind(gateway) !== 'api_gateway') return;
    const auth = gateway.members.find(ast.isAuth);
    if (!auth) {
        const [what, why] = ast.isRestriction(rule)
            ? ['Restriction', 'roles come from verified tokens']
            : ['Public route', 'without authentication every route is public already'];
        report(accept, 'error', IssueCodes.UnknownRole,
            `${what} '${rule.path}' needs 'auth' on ${describe(gateway)}: ${why}.`,
            at(rule, keywordRange(rule, ast.isRestriction(rule) ? 'restrict' : 'public')));
        return;
    }
    if (!ast.isRestriction(rule)) return;
    let known: string[];
    if (auth.roles.length > 0) {
        known = auth.roles;
    } else {
        const ctx = contextOf(rule);
        if (!ctx.entitiesComplete) return; // cut short by a syntax error: nothing to infer from
        const issuer = ctx.issuer(gateway);
        if (issuer === undefined) return; // no issuer: reported on the auth itself
        known = ctx.ownership.rolesOf(issuer);
    }
    rule.roles.forEach((role, index) => {
        if (!role || known.includes(role)) return;
        const suggestion = suggest(role, known);
        const knownText = known.length > 0
            ? `the known roles are ${quoteList(known)}`
            : 'it knows no roles, so declare them with \'roles\' on auth, or give User an enum field \'role\' or \'roles\', or boolean fields \'is_<role>\'';
        report(accept, 'error', IssueCodes.UnknownRole,
            `Role '${role}' is not a role of ${describe(gateway)}: ${knownText}.${didYouMean(suggestion)}`,
            { node: rule, property: 'roles', index }, suggestion);
    });
}

export const gatewayAuthChecks: ValidationChecks<ast.ArchgenAstType> = {
    Auth: [authSchemeMustBeJwt, authIssuerMustBeReachableService, authExpiryMustBeDuration],
    PublicRoute: [accessRulesMustNameKnownRoles],
    Restriction: [accessRulesMustNameKnownRoles]
};
