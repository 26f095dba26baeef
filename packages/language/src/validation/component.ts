import { GrammarUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import { COMPONENT_KINDS, DATABASE_ENGINES, type ComponentKind } from '@archgen/model';
import * as ast from '../generated/ast.js';
import { didYouMean, suggest } from '../util/suggest.js';
import { componentKind, contextOf, Describe, describe } from './_context.js';
import { memberRange, memberWord, membersMustNotRepeat } from './_members.js';
import { at, report } from './_shared.js';
import { IssueCodes } from './issue-codes.js';

/** `component <kind> <name>`: the kind must be one of arch.tx's six. */
export function componentKindMustBeKnown(component: ast.Component, accept: ValidationAcceptor): void {
    if (!component.kind) return; // a syntax error already says what is missing
    const written = component.kindTail ? `${component.kind} ${component.kindTail}` : component.kind;
    if (componentKind(component) !== undefined) return; // one of the six, with no second word
    const suggestion = suggest(written, COMPONENT_KINDS);
    const kindNode = GrammarUtils.findNodeForProperty(component.$cstNode, 'kind');
    const tailNode = GrammarUtils.findNodeForProperty(component.$cstNode, 'kindTail');
    const range = kindNode && tailNode ? { start: kindNode.range.start, end: tailNode.range.end } : kindNode?.range;
    report(accept, 'error', IssueCodes.UnknownComponentKind,
        `Unknown component kind '${written}': expected one of ${COMPONENT_KINDS.join(', ')}.${didYouMean(suggestion)}`,
        range ? { node: component, range } : { node: component, property: 'kind' }, suggestion);
}

type MemberType = ast.ComponentMember['$type'];

const GATEWAY_ONLY = 'only an api_gateway routes, authenticates and limits requests';
const BALANCER_ONLY = 'only a load_balancer balances and health-checks its targets';

/** Members that belong to one kind of component, and why. */
const ONLY_ON: Partial<Record<MemberType, readonly [ComponentKind, string]>> = {
    Engine: ['database', 'only a database has an engine'],
    Entity: ['database', 'only a database stores entities'],
    Route: ['api_gateway', GATEWAY_ONLY],
    Auth: ['api_gateway', GATEWAY_ONLY],
    PublicRoute: ['api_gateway', 'public routes belong to an api_gateway; to publish the component itself write \'public\' or \'public port <n>\''],
    Restriction: ['api_gateway', GATEWAY_ONLY],
    RateLimit: ['api_gateway', GATEWAY_ONLY],
    Cors: ['api_gateway', GATEWAY_ONLY],
    MaxBody: ['api_gateway', GATEWAY_ONLY],
    Strategy: ['load_balancer', BALANCER_ONLY],
    Health: ['load_balancer', BALANCER_ONLY]
};

/** Members every kind takes except a database (`public` on a database has its own code). */
const NOT_ON_DATABASE: Partial<Record<MemberType, string>> = {
    Replicas: 'databases are scaled by their engine, not by replicas',
    Private: 'databases are always private, reachable only through the services that own them'
};

/** Why a member does not apply to its component, or undefined when it does (or the kind is unknown). */
export function notApplicableReason(member: ast.ComponentMember): string | undefined {
    const kind = componentKind(member.$container);
    if (!kind) return undefined;
    const only = ONLY_ON[member.$type];
    if (only) return only[0] === kind ? undefined : only[1];
    return kind === 'database' ? NOT_ON_DATABASE[member.$type] : undefined;
}

/** `strategy` on a backend, `entity` outside a database: each member applies to some kinds only. */
export function memberMustApplyToComponentKind(component: ast.Component, accept: ValidationAcceptor): void {
    for (const member of component.members) {
        const reason = notApplicableReason(member);
        if (!reason) continue;
        report(accept, 'error', IssueCodes.PropertyNotApplicable,
            `Property '${ast.isPublicRoute(member) ? `public "${member.path}"` : memberWord(member)}' does not apply to ${describe(component)}: ${reason}.`,
            at(member, memberRange(member)));
    }
}

const SINGLE: ReadonlyMap<MemberType, string> = new Map<MemberType, string>([
    ['Replicas', 'replicas'], ['Exposure', 'exposure'], ['Private', 'exposure'], ['Engine', 'engine'],
    ['Strategy', 'strategy'], ['Health', 'health'], ['Auth', 'auth'], ['RateLimit', 'rate_limit'], ['MaxBody', 'max_body']
]);

/** `replicas 2 ... replicas 3`, `public ... private`: single-valued members appear once. */
export function componentMemberMustNotRepeat(component: ast.Component, accept: ValidationAcceptor): void {
    membersMustNotRepeat(component.members, SINGLE, () => describe(component), accept,
        m => notApplicableReason(m as ast.ComponentMember) !== undefined);
}

export const MAX_REPLICAS = 100;

export function replicasMustBeInRange(replicas: ast.Replicas, accept: ValidationAcceptor): void {
    if (replicas.count === undefined || notApplicableReason(replicas)) return;
    if (replicas.count >= 1 && replicas.count <= MAX_REPLICAS) return;
    report(accept, 'error', IssueCodes.InvalidReplicas,
        `${Describe(replicas.$container)} has ${replicas.count} replicas: replicas must be between 1 and ${MAX_REPLICAS}.`,
        { node: replicas, property: 'count' });
}

export function portMustBeValid(exposure: ast.Exposure, accept: ValidationAcceptor): void {
    if (exposure.port === undefined || (exposure.port >= 1 && exposure.port <= 65535)) return;
    report(accept, 'error', IssueCodes.InvalidPort,
        `Port ${exposure.port} of ${describe(exposure.$container)} is not a valid port: ports run from 1 to 65535.`,
        { node: exposure, property: 'port' });
}

export function databaseMustNotBePublic(exposure: ast.Exposure, accept: ValidationAcceptor): void {
    if (componentKind(exposure.$container) !== 'database') return;
    report(accept, 'error', IssueCodes.PublicDatabase,
        `${Describe(exposure.$container)} cannot be public: a database is reachable only through the services that own it.`,
        { node: exposure });
}

/** One host port cannot be published by several replicas of one service. */
export function publicComponentShouldNotBeReplicated(replicas: ast.Replicas, accept: ValidationAcceptor): void {
    const component = replicas.$container;
    if (!component.name || replicas.count === undefined || replicas.count <= 1 || notApplicableReason(replicas)) return;
    const ctx = contextOf(replicas);
    if (!ctx.isFirstOfName(component)) return;
    const exposure = ctx.exposure.get(component.name);
    if (!exposure?.public) return;
    const remedy = componentKind(component) === 'load_balancer'
        ? 'run a single load balancer replica'
        : 'put a load balancer in front of it and make that public instead';
    report(accept, 'warning', IssueCodes.PublicReplicated,
        `${Describe(component)} is public on port ${exposure.port ?? '(default)'} and has ${replicas.count} replicas: one host port cannot be published by several replicas, so ${remedy}.`,
        { node: replicas, property: 'count' });
}

export function databaseEngineMustBeKnown(engine: ast.Engine, accept: ValidationAcceptor): void {
    if (!engine.name || notApplicableReason(engine)) return;
    if ((DATABASE_ENGINES as readonly string[]).includes(engine.name)) return;
    const suggestion = suggest(engine.name, DATABASE_ENGINES);
    report(accept, 'error', IssueCodes.UnknownEngine,
        `Database engine '${engine.name}' is not supported: use ${DATABASE_ENGINES.join(' or ')}.${didYouMean(suggestion)}`,
        { node: engine, property: 'name' }, suggestion);
}

export const componentChecks: ValidationChecks<ast.ArchgenAstType> = {
    Component: [componentKindMustBeKnown, memberMustApplyToComponentKind, componentMemberMustNotRepeat],
    Replicas: [replicasMustBeInRange, publicComponentShouldNotBeReplicated],
    Exposure: [portMustBeValid, databaseMustNotBePublic],
    Engine: [databaseEngineMustBeKnown]
};
