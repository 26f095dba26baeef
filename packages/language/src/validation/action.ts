import type { AstNode, ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { didYouMean, suggest } from '../util/suggest.js';
import { connectorKind, contextOf, Describe, describe, safeChannelOf } from './_context.js';
import { at, rangeOf, report } from './_shared.js';
import { IssueCodes } from './issue-codes.js';

/**
 * What a consumer does with a message (`on message { ... }` on a
 * message_queue connector): the consumer is the connector's `to`.
 */

/** Fields `validate_card` adds to the message for the actions after it. */
export const VALIDATE_CARD_FIELDS = ['status', 'transaction_id'] as const;

function connectorOf(action: ast.Action): ast.Connector {
    return action.$container.$container;
}

/** Actions on a connector known not to be a message_queue are reported once, on its `on message`. */
function offQueue(connector: ast.Connector): boolean {
    const kind = connectorKind(connector);
    return kind !== undefined && kind !== 'message_queue';
}

/** `store E` and `update E`: a consumer writes only the entities of its own databases. */
export function actionEntityMustBeOwned(action: ast.StoreAction | ast.UpdateAction, accept: ValidationAcceptor): void {
    const connector = connectorOf(action);
    const entity = action.entity?.ref;
    const consumer = connector.to?.ref;
    if (!entity || !consumer || offQueue(connector)) return;
    if (contextOf(action).ownership.ownsEntity(consumer.name, entity.name)) return;
    report(accept, 'error', IssueCodes.ActionEntityNotOwned,
        `Entity '${entity.name}' is not owned by the consumer ${describe(consumer)}: a consumer writes only the entities in its own databases.`,
        { node: action, property: 'entity' });
}

/** The message's field names: the payload entity's fields or the inline payload fields (declared here or on the channel). */
function payloadFields(connector: ast.Connector): string[] {
    const payload = contextOf(connector).payloadOf(connector);
    if (!payload) return [];
    const entity = payload.entity?.ref;
    return (entity ? entity.fields : payload.fields).map(f => f.name).filter(n => n !== undefined);
}

/** The columns an update can name: the declared fields, and `id` when the entity declares no key. */
function entityFields(entity: ast.Entity): string[] {
    const names = entity.fields.map(f => f.name);
    return entity.fields.some(f => f.modifiers.some(ast.isPrimaryKeyModifier)) ? names : ['id', ...names];
}

/**
 * `update E set f = v where k = v if m = v` and `validate_card n expiry e`:
 * `f` and `k` name fields of E; field values, `m`, `n` and `e` name fields
 * of the message (its payload, plus status and transaction_id once a
 * validate_card ran earlier in the list).
 */
export function actionFieldsMustBeKnown(onMessage: ast.OnMessage, accept: ValidationAcceptor): void {
    const connector = onMessage.$container;
    if (offQueue(connector)) return;
    const channel = safeChannelOf(connector) ?? '?';
    const message = new Set(payloadFields(connector));
    const checkMessageField = (name: string | undefined, node: AstNode, property: string): void => {
        if (name === undefined || message.has(name)) return;
        const known = [...message];
        const suggestion = suggest(name, known);
        const has = known.length > 0 ? `it carries ${known.join(', ')}` : 'no connector of the channel declares a payload';
        report(accept, 'error', IssueCodes.ActionUnknownField,
            `Message field '${name}' is not in the message on channel '${channel}' (${has}): name one of its fields, or quote a literal value.${didYouMean(suggestion)}`,
            at(node, rangeOf(node, property)), suggestion);
    };
    const checkValue = (value: ast.Value | undefined): void => {
        if (value?.field !== undefined) checkMessageField(value.field, value, 'field');
    };
    for (const action of onMessage.actions) {
        if (ast.isValidateCardAction(action)) {
            checkMessageField(action.number, action, 'number');
            checkMessageField(action.expiry, action, 'expiry');
            for (const added of VALIDATE_CARD_FIELDS) message.add(added);
        } else if (ast.isUpdateAction(action)) {
            const entity = action.entity?.ref;
            const columns = entity ? entityFields(entity) : undefined;
            const checkColumn = (name: string | undefined, node: AstNode, property: string): void => {
                if (!columns || name === undefined || columns.includes(name)) return;
                const suggestion = suggest(name, columns);
                report(accept, 'error', IssueCodes.ActionUnknownField,
                    `Entity '${entity!.name}' has no field '${name}': its fields are ${columns.join(', ')}.${didYouMean(suggestion)}`,
                    at(node, rangeOf(node, property)), suggestion);
            };
            for (const assignment of action.assignments) {
                checkColumn(assignment.field, assignment, 'field');
                checkValue(assignment.value);
            }
            checkColumn(action.key, action, 'key');
            checkValue(action.keyValue);
            if (action.condition) {
                checkMessageField(action.condition.field, action.condition, 'field');
                checkValue(action.condition.value);
            }
        }
    }
}

/** `publish "<channel>"`: the consumer passes the message on over one of its own message_queue connectors. */
export function publishMustNameOwnChannel(action: ast.PublishAction, accept: ValidationAcceptor): void {
    const connector = connectorOf(action);
    const consumer = connector.to?.ref;
    if (action.channel === undefined || !consumer || offQueue(connector)) return;
    const channels = contextOf(action).build.connectorsFrom(consumer.name, 'message_queue')
        .map(safeChannelOf).filter((c): c is string => c !== undefined);
    if (channels.includes(action.channel)) return;
    const suggestion = suggest(action.channel, channels);
    const has = channels.length > 0
        ? `it publishes ${channels.map(c => `'${c}'`).join(', ')}`
        : 'no message_queue connector starts at it';
    report(accept, 'error', IssueCodes.ActionUnknownChannel,
        `${Describe(consumer)} cannot publish on channel '${action.channel}': ${has}.${didYouMean(suggestion)}`,
        { node: action, property: 'channel' }, suggestion === undefined ? undefined : `"${suggestion}"`);
}

export const actionChecks: ValidationChecks<ast.ArchgenAstType> = {
    StoreAction: [actionEntityMustBeOwned],
    UpdateAction: [actionEntityMustBeOwned],
    OnMessage: [actionFieldsMustBeKnown],
    PublishAction: [publishMustNameOwnChannel]
};
