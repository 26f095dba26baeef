import { GrammarAST, GrammarUtils, type LangiumParser } from 'langium';

type TokenType = Parameters<LangiumParser['consume']>[1];
type TokenTypeDictionary = Record<string, TokenType>;

/**
 * Turns the grammar's parser rules into the rule implementations Chevrotain
 * runs, as Langium's own builder (parser-builder-base) does, for the grammar
 * features the .arch grammar uses: keywords, terminal and parser rule calls,
 * cross-references, assignments, actions, groups and alternatives with
 * cardinalities. A grammar using anything else (parameters, guards, unordered
 * groups, infix rules) is refused when the parser is built.
 *
 * The difference is what a call allocates. Langium's alternatives build a new
 * array of `{ ALT }` objects and closures on every call (60 of each for a name
 * that may be a keyword) and its repetitions a new `{ DEF }` object: on a file
 * of 10,000 components that was a fifth of all allocation during parsing and
 * most of the time spent in garbage collection. Here every object Chevrotain
 * receives is built once, with the rule.
 *
 * Occurrence indices (Chevrotain's `idx`) are numbered per rule in the same
 * order as Langium's builder, so the lookahead decisions are the same.
 */
export function buildArchRules(grammar: GrammarAST.Grammar, parser: LangiumParser, tokens: TokenTypeDictionary): void {
    const reachable = GrammarUtils.getAllReachableRules(grammar, false);
    for (const rule of grammar.rules) {
        if (GrammarAST.isInfixRule(rule) && reachable.has(rule)) throw unsupported(rule, 'infix rules');
        if (!GrammarAST.isParserRule(rule) || !reachable.has(rule)) continue;
        if (rule.parameters.length > 0) throw unsupported(rule, 'rule parameters');
        const ctx: RuleContext = { parser, tokens, consume: 1, optional: 1, subrule: 1, many: 1, or: 1 };
        const implementation = buildElement(ctx, rule.definition);
        (parser as unknown as { rule(rule: GrammarAST.ParserRule, impl: (args: unknown) => void): void }).rule(rule, implementation);
    }
}

interface RuleContext {
    readonly parser: LangiumParser;
    readonly tokens: TokenTypeDictionary;
    consume: number;
    optional: number;
    subrule: number;
    many: number;
    or: number;
}

type Method = () => void;

/** The arguments every rule receives: the grammar has no parameters, so they are always empty. */
const NO_ARGUMENTS = Object.freeze({});

function buildElement(ctx: RuleContext, element: GrammarAST.AbstractElement): Method {
    if (GrammarAST.isGroup(element) && element.guardCondition) throw unsupported(element, 'guard conditions');
    return repeat(ctx, buildOnce(ctx, element), element.cardinality);
}

function buildOnce(ctx: RuleContext, element: GrammarAST.AbstractElement): Method {
    const parser = ctx.parser;
    if (GrammarAST.isKeyword(element)) {
        const idx = ctx.consume++;
        const token = tokenOf(ctx, element.value, element);
        return () => parser.consume(idx, token, element);
    }
    if (GrammarAST.isAction(element)) {
        // A tree-rewriting action (`{infer X.left=current}`) moves nodes between parents: not supported by ArchCstNodeBuilder.
        if (element.feature) throw unsupported(element, 'tree-rewriting actions');
        const type = GrammarUtils.getTypeName(element);
        return () => parser.action(type, element);
    }
    if (GrammarAST.isAssignment(element)) return buildElement(ctx, element.terminal);
    if (GrammarAST.isCrossReference(element)) return buildCrossReference(ctx, element, element.terminal);
    if (GrammarAST.isRuleCall(element)) {
        const rule = element.rule.ref;
        if (GrammarAST.isParserRule(rule)) {
            if (element.arguments.length > 0) throw unsupported(element, 'rule arguments');
            return callRule(ctx, rule, element, rule.fragment);
        }
        if (GrammarAST.isTerminalRule(rule)) {
            const idx = ctx.consume++;
            const token = tokenOf(ctx, rule.name, element);
            return () => parser.consume(idx, token, element);
        }
        throw new Error(`${where(element)}: undefined rule '${element.rule.$refText}'`);
    }
    if (GrammarAST.isAlternatives(element)) {
        if (element.elements.length === 1) return buildElement(ctx, element.elements[0]!);
        const alternatives = element.elements.map(e => ({ ALT: buildElement(ctx, e) }));
        const idx = ctx.or++;
        return () => parser.alternatives(idx, alternatives);
    }
    if (GrammarAST.isUnorderedGroup(element)) throw unsupported(element, 'unordered groups');
    if (GrammarAST.isGroup(element)) {
        const methods = element.elements.map(e => buildElement(ctx, e));
        if (methods.length === 1) return methods[0]!;
        return () => {
            for (let i = 0; i < methods.length; i++) methods[i]!();
        };
    }
    throw unsupported(element, `'${element.$type}'`);
}

/** A call of a parser rule (a data type rule, too), as a subrule: the CST and AST nodes it makes are its own. */
function callRule(ctx: RuleContext, rule: GrammarAST.ParserRule, feature: GrammarAST.AbstractElement, fragment: boolean): Method {
    const idx = ctx.subrule++;
    const parser = ctx.parser;
    // Looked up on first use: a rule may call one defined after it.
    let implementation: unknown;
    return () => {
        implementation ??= parser.getRule(rule.name);
        if (!implementation) throw new Error(`Rule "${rule.name}" not found.`);
        (parser.subrule as (idx: number, rule: unknown, fragment: boolean, feature: unknown, args: unknown) => void)(
            idx, implementation, fragment, feature, NO_ARGUMENTS);
    };
}

function buildCrossReference(
    ctx: RuleContext, crossRef: GrammarAST.CrossReference, terminal: GrammarAST.AbstractElement | undefined
): Method {
    if (!terminal) {
        const type = crossRef.type.ref;
        if (!type) throw new Error(`${where(crossRef)}: cannot resolve the type '${crossRef.type.$refText}'`);
        const assigned = GrammarUtils.findNameAssignment(type)?.terminal;
        if (!assigned) throw new Error(`${where(crossRef)}: '${GrammarUtils.getTypeName(type)}' has no name assignment`);
        return buildCrossReference(ctx, crossRef, assigned);
    }
    const parser = ctx.parser;
    if (GrammarAST.isRuleCall(terminal) && GrammarAST.isParserRule(terminal.rule.ref)) {
        return callRule(ctx, terminal.rule.ref, crossRef, false);
    }
    if (GrammarAST.isRuleCall(terminal) && GrammarAST.isTerminalRule(terminal.rule.ref)) {
        const idx = ctx.consume++;
        const token = tokenOf(ctx, terminal.rule.ref.name, terminal);
        return () => parser.consume(idx, token, crossRef);
    }
    if (GrammarAST.isKeyword(terminal)) {
        const idx = ctx.consume++;
        const token = tokenOf(ctx, terminal.value, terminal);
        return () => parser.consume(idx, token, crossRef);
    }
    throw unsupported(crossRef, 'this cross-reference terminal');
}

/** The element with its cardinality: the `{ DEF }` object Chevrotain takes is made once. */
function repeat(ctx: RuleContext, method: Method, cardinality: '*' | '+' | '?' | undefined): Method {
    const parser = ctx.parser;
    const body = { DEF: method };
    switch (cardinality) {
        case undefined:
            return method;
        case '*': {
            const idx = ctx.many++;
            return () => parser.many(idx, body);
        }
        case '+': {
            const idx = ctx.many++;
            return () => parser.atLeastOne(idx, body);
        }
        case '?': {
            const idx = ctx.optional++;
            return () => parser.optional(idx, body);
        }
    }
}

function tokenOf(ctx: RuleContext, name: string, element: GrammarAST.AbstractElement): TokenType {
    const token = ctx.tokens[name];
    if (!token) throw new Error(`${where(element)}: no token for '${name}'`);
    return token;
}

function unsupported(node: GrammarAST.AbstractElement | GrammarAST.AbstractRule, what: string): Error {
    return new Error(`${where(node)}: the .arch parser builder does not support ${what}; extend parser/rule-builder.ts`);
}

function where(node: { $cstNode?: { range: { start: { line: number } } } } & object): string {
    const line = node.$cstNode?.range.start.line;
    return line === undefined ? 'arch.langium' : `arch.langium:${line + 1}`;
}
