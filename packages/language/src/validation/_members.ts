import type { ValidationAcceptor } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import type * as ast from '../generated/ast.js';
import { keywordRange, lineOf, relatedAt, report } from './_shared.js';
import { IssueCodes } from './issue-codes.js';

type Member = ast.ComponentMember | ast.ConnectorMember;

/** The words a block member starts with, as the user writes them. */
const MEMBER_WORDS: Record<Member['$type'], readonly [string, string?]> = {
    Replicas: ['replicas'], Exposure: ['public'], Private: ['private'], Engine: ['engine'], Entity: ['entity'],
    Route: ['route'], Auth: ['auth'], PublicRoute: ['public'], Restriction: ['restrict'], RateLimit: ['rate_limit'],
    Cors: ['cors'], MaxBody: ['max_body'], Strategy: ['strategy'], Health: ['health'],
    Channel: ['channel'], Payload: ['payload'], Delay: ['delay'], Broker: ['broker'], Delivery: ['delivery'],
    Trigger: ['trigger'], OnMessage: ['on', 'message'], CallRule: ['on']
};

/** `replicas`, `on message`. */
export function memberWord(member: Member): string {
    return MEMBER_WORDS[member.$type].filter(w => w !== undefined).join(' ');
}

/** The leading keyword(s) of a member: where diagnostics about the member as a whole point. */
export function memberRange(member: Member): Range | undefined {
    const [first, second] = MEMBER_WORDS[member.$type];
    return keywordRange(member, first, second);
}

/**
 * Reports each member given again when only one is allowed. `groups` lists
 * member types that count as one (`public` and `private`); `owner` names the
 * component or connector in messages (`backend 'orders'`), asked for only
 * when a member repeats.
 */
export function membersMustNotRepeat(
    members: readonly Member[],
    groups: ReadonlyMap<Member['$type'], string>,
    owner: () => string,
    accept: ValidationAcceptor,
    skip: (member: Member) => boolean = () => false
): void {
    if (members.length < 2) return; // nothing to repeat
    const first = new Map<string, Member>();
    for (const member of members) {
        const group = groups.get(member.$type);
        if (group === undefined || skip(member)) continue;
        const earlier = first.get(group);
        if (!earlier) {
            first.set(group, member);
            continue;
        }
        const word = memberWord(member);
        const earlierWord = memberWord(earlier);
        const message = word === earlierWord
            ? `Property '${word}' is already given for ${owner()} on line ${lineOf(earlier)}: give it once.`
            : `Property '${word}' contradicts '${earlierWord}' on line ${lineOf(earlier)} for ${owner()}: keep one of them.`;
        const range = memberRange(member);
        report(accept, 'error', IssueCodes.PropertyDuplicate, message,
            { node: member, ...(range ? { range } : {}), relatedInformation: relatedAt(earlier, `'${earlierWord}' is first given here.`, memberRange(earlier)) });
    }
}
