import {
    AstUtils, GrammarAST, GrammarUtils, isAstNode, type AstNode, type CstNode, type LangiumCoreServices, type Linker, type ValueConverter
} from 'langium';
import type { ArchCstNodeBuilder } from './arch-parser.js';
import { rememberPreorder } from '../util/ast-walk.js';
import { LazyRootNode, lazyNode, PENDING_CST } from './lazy-cst.js';
import { FastLexer, type Lexed, type TokenType } from './fast-lexer.js';

type IToken = Parameters<ArchCstNodeBuilder['buildLeafNode']>[0];
type Element = GrammarAST.AbstractElement;
type Constructed = Parameters<ArchCstNodeBuilder['construct']>[0];

/** Thrown to give up: the caller parses the text with Langium's parser instead. */
const BAIL = Symbol('bail');

/** The placeholder a data type rule's value is gathered in (Langium's DatatypeSymbol node); never kept. */
const DATATYPE = Symbol('datatype');

/**
 * A hand-written recursive-descent parser for .arch files without syntax
 * errors, building exactly the AST and CST Langium's parser builds (same
 * node types, property order, grammar elements, hidden-node placement,
 * values converted by the same ValueConverter, references made by the same
 * Linker). It drives the same CST builder as ArchParser and mirrors
 * LangiumParser's consume / subrule / construct step by step, without
 * Chevrotain's recognizer: no lookahead computation, no rule-invocation
 * bookkeeping per token. On a file of 10,000 components that is most of the
 * parse time.
 *
 * It takes a decision only where the grammar makes it with one or two tokens
 * of lookahead; at the first token it does not expect, it gives up (the
 * caller then runs Langium's parser, which reports the error and recovers).
 * So a text parses here only if it is valid, and then to what Langium would
 * make of it: arch-parser.test.ts compares both on every example, fixture and
 * a few hundred fuzz inputs, and incremental.test.ts after random edits.
 *
 * The grammar elements are looked up by rule and feature when the parser is
 * built: a change to arch.langium that this file does not follow fails there
 * or in those tests, never silently.
 */
export class FastArchParser {
    private readonly converter: ValueConverter;
    private readonly linker: Linker;
    private readonly reflection: LangiumCoreServices['shared']['AstReflection'];
    private readonly g: GrammarElements;
    private readonly t: Tokens;
    private readonly assignments = new Map<Element, FeatureInfo>();
    private readonly scratch = { $type: DATATYPE as unknown as string, value: '' };
    private readonly defaults = new Map<string, readonly (readonly [string, unknown])[]>();

    private readonly lexer: FastLexer;

    // Per parse.
    private builder!: ArchCstNodeBuilder;
    /** No CST this time (parser/lazy-cst.ts): no builder calls, references wait for theirs. */
    private lazy = false;
    /** In a lazy parse, each top-level element's first token's offset and its last token's end (see lazy-cst.ts). */
    private spans: number[] = [];
    /** What the value converter reads of a CST node (its grammar element), when there is no CST node. */
    private readonly carrier = { grammarSource: undefined as Element | undefined };
    private text = '';
    private lexed: Lexed = NO_TOKENS;
    private hiddenCursor = 0;
    private pos = 0;
    private readonly stack: Record<string, unknown>[] = [];
    /**
     * The AST nodes in the order they are begun, which is preorder (see
     * rememberPreorder); a placeholder that the node of an unassigned rule
     * call replaces leaves a hole. `ends[i]` is the length of the list when
     * node i was constructed: the end of its subtree.
     */
    private order: (Record<string, unknown> | undefined)[] = [];
    private ends = new Int32Array(0);
    /** For each entry of `stack`, its node's index in `order` (-1 for a data type rule's scratch value). */
    private readonly slots: number[] = [];
    /** The index in `order` of the node constructed last. */
    private constructedSlot = -1;

    constructor(services: LangiumCoreServices) {
        this.converter = services.parser.ValueConverter;
        this.linker = services.references.Linker;
        this.reflection = services.shared.AstReflection;
        this.g = grammarElements(services.Grammar);
        this.t = tokens(services.parser.Lexer.definition as Record<string, TokenType>, this.g);
        this.lexer = new FastLexer(services.parser.Lexer.definition as Record<string, TokenType>);
    }

    /**
     * Parses a whole file into `builder` (whose root node is built for this
     * text). Returns the Model, or undefined when the text does not lex or
     * parse here (the builder is then in an unspecified state: the caller
     * builds a new root).
     *
     * `lazy`: build no CST at all (the builder is not used). The nodes are
     * made by lazy-cst.ts, and each reference's `$refNode` is PENDING_CST
     * until the caller's awaitCst builds it. The value converter is then
     * given a stand-in CST node that has only the grammar element, which is
     * all ArchValueConverter reads.
     */
    parse(builder: ArchCstNodeBuilder, text: string, lazy = false): AstNode | undefined {
        const lexed = this.lexer.lex(text);
        if (!lexed) return undefined;
        this.builder = builder;
        this.lazy = lazy;
        this.spans = [];
        this.text = text;
        this.lexed = lexed;
        this.hiddenCursor = 0;
        this.pos = 0;
        this.stack.length = 0;
        this.order = [];
        // A node per token at most (with room for the placeholders of unassigned rule calls); grown if not.
        this.ends = new Int32Array(Math.max(64, lexed.count + (lexed.count >> 2)));
        this.slots.length = 0;
        try {
            const model = this.model();
            if (this.pos !== lexed.count) return undefined;
            this.placeHidden(Number.MAX_SAFE_INTEGER);
            rememberPreorder(model, this.order, this.ends.subarray(0, this.order.length));
            return model;
        } catch (error) {
            if (error === BAIL) return undefined;
            throw error;
        } finally {
            this.text = '';
            this.lexed = NO_TOKENS;
            this.stack.length = 0;
            this.order = [];
            this.ends = new Int32Array(0);
            this.slots.length = 0;
        }
    }

    /** The elements' spans of the last lazy parse: [start0, end0, start1, ...] (see lazy-cst.ts). */
    lastSpans(): Int32Array {
        return Int32Array.from(this.spans);
    }

    // ------------------------------------------------------------------ Langium's parser, step by step

    private get current(): Record<string, unknown> {
        return this.stack[this.stack.length - 1]!;
    }

    /**
     * startImplementation: a new AST node of the rule's type. Its CST node and
     * container are declared at once, so that they are stored in the object
     * itself: added one by one after its features, they made V8 grow a
     * separate property list two or three times per node. The features still
     * come in the order they are parsed, which is the order of its children
     * (`$containerIndex` stays absent unless the node is in a list, as in Langium,
     * and the root has no container properties at all: see model()).
     */
    private begin(type: string): void {
        this.push(this.lazy ? lazyNode(type) : { $type: type, $cstNode: undefined, $container: undefined, $containerProperty: undefined });
    }

    /** A new AST node on the stack, and in the preorder. */
    private push(node: Record<string, unknown>): void {
        this.stack.push(node);
        this.slots.push(this.order.length);
        this.order.push(node);
        if (this.order.length > this.ends.length) {
            const grown = new Int32Array(this.ends.length * 2);
            grown.set(this.ends);
            this.ends = grown;
        }
    }

    /** A data type rule's scratch value on the stack: no node. */
    private pushScratch(): void {
        this.stack.push(this.scratch as unknown as Record<string, unknown>);
        this.slots.push(-1);
    }

    private popScratch(): void {
        this.stack.pop();
        this.slots.pop();
    }

    /** construct: the node gets its CST node and its mandatory properties (AstUtils.assignMandatoryProperties). */
    private construct(): AstNode {
        const node = this.stack.pop()!;
        const slot = this.slots.pop()!;
        this.ends[slot] = this.order.length;
        this.constructedSlot = slot;
        if (!this.lazy) this.builder.construct(node as unknown as Constructed);
        for (const [name, value] of this.defaultsOf(node.$type as string)) {
            const current = node[name];
            if (current === undefined) node[name] = Array.isArray(value) ? copyDefault(value) : value;
            // A list grown by push has room for 17 items; most hold one to five for good. A copy has exactly theirs.
            else if (Array.isArray(current) && current.length > 0) node[name] = current.slice();
        }
        return node as unknown as AstNode;
    }

    /** The properties with a default value (empty arrays, false) of a node type, looked up once per type. */
    private defaultsOf(type: string): readonly (readonly [string, unknown])[] {
        let found = this.defaults.get(type);
        if (!found) {
            found = Object.values(this.reflection.getTypeMetaData(type).properties)
                .filter(p => p.defaultValue !== undefined)
                .map(p => [p.name, p.defaultValue] as const);
            this.defaults.set(type, found);
        }
        return found;
    }

    private la(k = 1): TokenType | undefined {
        const index = this.pos + k - 1;
        return index < this.lexed.count ? this.lexed.table[this.lexed.kinds[index]!] : undefined;
    }

    private is(type: TokenType): boolean {
        return this.pos < this.lexed.count && this.lexed.table[this.lexed.kinds[this.pos]!] === type;
    }

    /** consume: the next token must be of `type`; its leaf is built and, if the grammar says so, assigned. */
    private consume(type: TokenType, feature: Element): void {
        const index = this.pos;
        const lexed = this.lexed;
        if (index >= lexed.count || lexed.table[lexed.kinds[index]!] !== type) throw BAIL;
        this.pos++;
        const start = lexed.starts[index]!;
        const end = lexed.ends[index]!;
        if (this.lazy) {
            this.consumeLazily(start, end, feature);
            return;
        }
        this.placeHidden(start);
        const leaf = this.builder.buildLeaf(start, end - start, type, feature as Parameters<ArchCstNodeBuilder['buildLeafNode']>[1]);
        const { assignment, crossRef, isKeyword } = this.assignmentOf(feature);
        const current = this.current;
        // A keyword's text is the keyword (the grammar is case-sensitive): its one string is shared, not sliced.
        if (assignment) {
            const value = isKeyword ? (feature as GrammarAST.Keyword).value : this.converter.convert(this.text.slice(start, end), leaf);
            this.assign(assignment.operator, assignment.feature, value, leaf, crossRef);
        } else if (current.$type === (DATATYPE as unknown)) {
            current['value'] += isKeyword ? (feature as GrammarAST.Keyword).value : String(this.converter.convert(this.text.slice(start, end), leaf));
        }
    }

    /** consume's assignment of the token at [start, end) without a leaf. */
    private consumeLazily(start: number, end: number, feature: Element): void {
        const { assignment, crossRef, isKeyword } = this.assignmentOf(feature);
        const current = this.current;
        if (assignment) {
            const value = isKeyword ? (feature as GrammarAST.Keyword).value : this.convertLazily(this.text.slice(start, end), feature);
            this.assign(assignment.operator, assignment.feature, value, PENDING_CST, crossRef);
        } else if (current.$type === (DATATYPE as unknown)) {
            current['value'] += isKeyword ? (feature as GrammarAST.Keyword).value : String(this.convertLazily(this.text.slice(start, end), feature));
        }
    }

    /** The value converter on a token or data type rule's text in a lazy parse: given a stand-in CST node with the element. */
    private convertLazily(input: string, feature: Element): ReturnType<ValueConverter['convert']> {
        this.carrier.grammarSource = feature;
        return this.converter.convert(input, this.carrier as unknown as CstNode);
    }

    /** The keyword that the grammar element is, as the next token. */
    private keyword(element: GrammarAST.Keyword): void {
        this.consume(this.t.keyword(element.value), element);
    }

    /** subrule of a parser rule that makes an AST node: `rule` runs it (begin ... construct). */
    private subrule(feature: Element, rule: (this: FastArchParser) => AstNode): void {
        // Langium assigns a subrule's result when its CST node has a length: when it consumed a token.
        const before = this.pos;
        const cst = this.composite(feature);
        const result = rule.call(this);
        if (this.pos > before) this.assignSubrule(result, feature, cst);
    }

    /** buildCompositeNode, or in a lazy parse nothing (references then wait for their CST node). */
    private composite(feature: Element): CstNode {
        return this.lazy ? PENDING_CST : this.builder.buildCompositeNode(feature as Parameters<ArchCstNodeBuilder['buildCompositeNode']>[0]);
    }

    /** construct for a data type rule: the converted value of the text it gathered. */
    private constructValue(feature: Element, cst: CstNode): ReturnType<ValueConverter['convert']> {
        const scratch = this.scratch;
        if (this.lazy) return this.convertLazily(scratch.value, feature);
        this.builder.construct(scratch as unknown as Constructed);
        return this.converter.convert(scratch.value, cst);
    }

    /** subrule of a data type rule with one token: the token's element in the rule by its type. */
    private datatype(feature: Element, rule: DatatypeRule): void {
        const before = this.pos;
        const cst = this.composite(feature);
        this.scratch.value = '';
        this.pushScratch();
        const type = this.la();
        const element = type ? rule.byToken.get(type) : undefined;
        if (!element || !type) throw BAIL;
        this.consume(type, element);
        this.popScratch();
        const value = this.constructValue(feature, cst);
        if (this.pos > before) this.assignSubrule(value, feature, cst);
    }

    /** A data type rule with several tokens (KindName, SignedNumber), given as the tokens' consumption. */
    private datatypeOf(feature: Element, body: (this: FastArchParser) => void): void {
        const before = this.pos;
        const cst = this.composite(feature);
        this.scratch.value = '';
        this.pushScratch();
        body.call(this);
        this.popScratch();
        const value = this.constructValue(feature, cst);
        if (this.pos > before) this.assignSubrule(value, feature, cst);
    }

    /** performSubruleAssignment. */
    private assignSubrule(result: unknown, feature: Element, cst: CstNode): void {
        const { assignment, crossRef } = this.assignmentOf(feature);
        if (assignment) {
            this.assign(assignment.operator, assignment.feature, result, cst, crossRef);
            return;
        }
        const current = this.current;
        if (current.$type === (DATATYPE as unknown)) {
            current['value'] += String(result);
        } else if (typeof result === 'object' && result) {
            // assignWithoutOverride: the rule's placeholder gives way to the node the called rule made.
            const target = result as Record<string, unknown>;
            for (const name in current) {
                const existing = current[name];
                const value = target[name];
                if (value === undefined) target[name] = existing;
                else if (Array.isArray(value) && Array.isArray(existing)) {
                    existing.push(...value);
                    target[name] = existing;
                }
            }
            // (A lazily made node has no CST, and reading it here would ask for one.)
            const targetCst = this.lazy ? undefined : target['$cstNode'] as { astNode?: AstNode } | undefined;
            if (targetCst) {
                targetCst.astNode = undefined;
                target['$cstNode'] = undefined;
            }
            this.stack[this.stack.length - 1] = target;
            // The placeholder is no node of the tree: its place in the preorder, just before the target's, is a hole.
            const top = this.slots.length - 1;
            this.order[this.slots[top]!] = undefined;
            this.slots[top] = this.constructedSlot;
        }
    }

    private assign(operator: string, feature: string, value: unknown, cst: CstNode, crossRef: 'single' | 'multi' | undefined): void {
        const node = this.current;
        let item = value;
        if (crossRef === 'single' && typeof value === 'string') item = this.linker.buildReference(node as unknown as AstNode, feature, cst, value);
        else if (crossRef === 'multi' && typeof value === 'string') {
            // lazy-cst.ts attaches CST nodes to ArchReference only: a multi-reference is parsed with its CST.
            if (this.lazy) throw BAIL;
            item = this.linker.buildMultiReference(node as unknown as AstNode, feature, cst, value);
        }
        // The node's container is linked here (ArchParser links every node after parsing, as Langium does; same values).
        if (operator === '=') {
            node[feature] = item;
            if (isAstNode(item)) linkTo(item, node, feature, undefined);
        } else if (operator === '?=') {
            node[feature] = true;
        } else {
            if (!Array.isArray(node[feature])) node[feature] = [];
            const list = node[feature] as unknown[];
            list.push(item);
            if (isAstNode(item)) linkTo(item, node, feature, list.length - 1);
        }
    }

    /** LangiumParser.getAssignment, and whether the element is a keyword (asked per token, answered once). */
    private assignmentOf(feature: Element): FeatureInfo {
        let found = this.assignments.get(feature);
        if (!found) {
            const assignment = AstUtils.getContainerOfType(feature, GrammarAST.isAssignment);
            found = {
                assignment,
                crossRef: assignment && GrammarAST.isCrossReference(assignment.terminal) ? (assignment.terminal.isMulti ? 'multi' : 'single') : undefined,
                isKeyword: GrammarAST.isKeyword(feature)
            };
            this.assignments.set(feature, found);
        }
        return found;
    }

    /** Places the comments that start at or before `offset` and are not placed yet, as ArchParser does. */
    private placeHidden(offset: number): void {
        if (this.lazy) return;
        const comments = this.lexed.comments;
        const start = this.hiddenCursor;
        let end = start;
        while (end < comments.length && comments[end]!.start <= offset) end++;
        if (end === start) return;
        this.hiddenCursor = end;
        this.builder.addHiddenNodes(comments.slice(start, end).map(c => ({
            startOffset: c.start, image: this.text.slice(c.start, c.end), tokenType: c.type
        }) as unknown as IToken));
    }

    // ------------------------------------------------------------------ the rules of arch.langium

    private model(): AstNode {
        const { g, t } = this;
        this.push(this.lazy ? new LazyRootNode('Model') as unknown as Record<string, unknown> : { $type: 'Model' });
        this.keyword(g.model.architecture);
        if (this.startsName()) this.datatype(g.model.name, g.name);
        this.keyword(g.model.colon);
        while (this.is(t.import)) this.subrule(g.model.imports, this.import);
        while (this.is(t.component) || this.is(t.connector)) {
            const first = this.pos;
            this.subrule(g.model.elements, this.element);
            if (this.lazy) this.spans.push(this.lexed.starts[first]!, this.lexed.ends[this.pos - 1]!);
        }
        return this.construct();
    }

    private import(): AstNode {
        this.begin('Import');
        this.keyword(this.g.import.import);
        this.consume(this.t.STRING, this.g.import.path);
        return this.construct();
    }

    private element(): AstNode {
        const { g, t } = this;
        this.begin('Element');
        if (this.is(t.component)) this.subrule(g.element.component, this.component);
        else this.subrule(g.element.connector, this.connector);
        return this.construct();
    }

    private component(): AstNode {
        const { g, t } = this;
        const c = g.component;
        this.begin('Component');
        this.keyword(c.component);
        this.kindName(c.kind);
        // `(kindTail=ID)? name=Name`: the tail only when a name follows it.
        if (this.is(t.ID) && this.startsName(2)) this.consume(t.ID, c.kindTail);
        this.datatype(c.name, g.name);
        if (this.is(t.lbrace)) {
            this.keyword(c.open);
            while (!this.is(t.rbrace)) this.subrule(c.members, this.componentMember);
            this.keyword(c.close);
        }
        return this.construct();
    }

    private kindName(feature: Element): void {
        this.datatypeOf(feature, this.kindNameTokens);
    }

    private kindNameTokens(): void {
        const k = this.g.kindName;
        this.consume(this.t.ID, k.first);
        while (this.is(this.t.dash)) {
            this.keyword(k.dash);
            this.consume(this.t.ID, k.next);
        }
    }

    private componentMember(): AstNode {
        const { g, t } = this;
        const m = g.componentMember;
        this.begin('ComponentMember');
        const type = this.la();
        if (type === t.replicas) this.subrule(m.Replicas, this.replicas);
        else if (type === t.public) {
            // Exposure (`public`, `public port 8080`) or PublicRoute (`public "/x"`, `public GET, POST "/x"`).
            const next = this.la(2);
            if (next === t.STRING || next === t.ID) this.subrule(m.PublicRoute, this.publicRoute);
            else this.subrule(m.Exposure, this.exposure);
        } else if (type === t.private) this.subrule(m.Private, () => this.simpleAction('Private', g.private.action, g.private.private));
        else if (type === t.engine) this.subrule(m.Engine, () => this.keywordThenTerminal('Engine', g.engine.engine, t.ID, g.engine.name));
        else if (type === t.entity) this.subrule(m.Entity, this.entity);
        else if (type === t.route) this.subrule(m.Route, this.route);
        else if (type === t.auth) this.subrule(m.Auth, this.auth);
        else if (type === t.restrict) this.subrule(m.Restriction, this.restriction);
        else if (type === t.rate_limit) this.subrule(m.RateLimit, this.rateLimit);
        else if (type === t.cors) this.subrule(m.Cors, this.cors);
        else if (type === t.max_body) this.subrule(m.MaxBody, () => this.keywordThenDatatype('MaxBody', g.maxBody.maxBody, g.maxBody.size, g.quantity));
        else if (type === t.strategy) this.subrule(m.Strategy, () => this.keywordThenTerminal('Strategy', g.strategy.strategy, t.ID, g.strategy.name));
        else if (type === t.health) this.subrule(m.Health, this.health);
        else throw BAIL;
        return this.construct();
    }

    private replicas(): AstNode {
        return this.keywordThenTerminal('Replicas', this.g.replicas.replicas, this.t.INT, this.g.replicas.count);
    }

    private exposure(): AstNode {
        const { g, t } = this;
        this.begin('Exposure');
        this.action(g.exposure.action);
        this.keyword(g.exposure.public);
        if (this.is(t.port)) {
            this.keyword(g.exposure.portKeyword);
            this.consume(t.INT, g.exposure.port);
        }
        return this.construct();
    }

    /** A rule that is an action and a keyword: `{infer Private} 'private'`. */
    private simpleAction(type: string, action: GrammarAST.Action, keyword: GrammarAST.Keyword): AstNode {
        this.begin(type);
        this.action(action);
        this.keyword(keyword);
        return this.construct();
    }

    /** action without a feature: the current node takes the action's type. */
    private action(action: GrammarAST.Action): void {
        this.current.$type = GrammarUtils.getTypeName(action);
    }

    private keywordThenTerminal(type: string, keyword: GrammarAST.Keyword, token: TokenType, feature: Element): AstNode {
        this.begin(type);
        this.keyword(keyword);
        this.consume(token, feature);
        return this.construct();
    }

    private keywordThenDatatype(type: string, keyword: GrammarAST.Keyword, feature: Element, rule: DatatypeRule): AstNode {
        this.begin(type);
        this.keyword(keyword);
        this.datatype(feature, rule);
        return this.construct();
    }

    private entity(): AstNode {
        const { g, t } = this;
        this.begin('Entity');
        this.keyword(g.entity.entity);
        this.datatype(g.entity.name, g.name);
        this.keyword(g.entity.open);
        while (!this.is(t.rbrace)) this.subrule(g.entity.fields, this.field);
        this.keyword(g.entity.close);
        return this.construct();
    }

    private field(): AstNode {
        const { g, t } = this;
        const f = g.field;
        this.begin('Field');
        this.datatype(f.name, g.fieldName);
        this.subrule(f.type, this.typeRef);
        // `modifiers+=FieldModifier*`: each one a FieldModifier node that the called modifier rule replaces.
        for (;;) {
            const type = this.la();
            if (type === t.primary) this.subrule(f.modifiers, this.primaryKey);
            else if (type === t.required || type === t.optional || type === t.unique || type === t.indexed) this.subrule(f.modifiers, this.flag);
            else if (type === t.default) this.subrule(f.modifiers, this.defaultModifier);
            else if (type === t.min || type === t.max) this.subrule(f.modifiers, this.bound);
            else if (type === t.references) this.subrule(f.modifiers, this.reference);
            else if (type === t.sum) this.subrule(f.modifiers, this.sum);
            else break;
        }
        return this.construct();
    }

    /**
     * The modifiers are called through FieldModifier (`modifiers+=FieldModifier*`):
     * a FieldModifier node, which the called modifier's node replaces.
     */
    private fieldModifier(call: Element, modifier: (this: FastArchParser) => AstNode): AstNode {
        this.begin('FieldModifier');
        this.subrule(call, modifier);
        return this.construct();
    }

    private primaryKey(): AstNode {
        return this.fieldModifier(this.g.modifiers.callPrimaryKey, this.primaryKeyModifier);
    }

    private primaryKeyModifier(): AstNode {
        const m = this.g.modifiers;
        this.begin('PrimaryKeyModifier');
        this.action(m.primaryAction);
        this.keyword(m.primary);
        this.keyword(m.key);
        return this.construct();
    }

    private flag(): AstNode {
        return this.fieldModifier(this.g.modifiers.callFlag, this.flagModifier);
    }

    private flagModifier(): AstNode {
        this.begin('FlagModifier');
        const type = this.la()!;
        const element = this.g.modifiers.flags.get(type);
        if (!element) throw BAIL;
        this.consume(type, element);
        return this.construct();
    }

    private defaultModifier(): AstNode {
        return this.fieldModifier(this.g.modifiers.callDefault, this.defaultModifierBody);
    }

    private defaultModifierBody(): AstNode {
        const m = this.g.modifiers;
        this.begin('DefaultModifier');
        this.keyword(m.default);
        this.subrule(m.defaultValue, this.literal);
        return this.construct();
    }

    private bound(): AstNode {
        return this.fieldModifier(this.g.modifiers.callBound, this.boundModifier);
    }

    private boundModifier(): AstNode {
        const m = this.g.modifiers;
        this.begin('BoundModifier');
        const type = this.la()!;
        const element = m.bounds.get(type);
        if (!element) throw BAIL;
        this.consume(type, element);
        this.signedNumber(m.boundValue);
        return this.construct();
    }

    private reference(): AstNode {
        return this.fieldModifier(this.g.modifiers.callReference, this.referenceModifier);
    }

    private referenceModifier(): AstNode {
        const m = this.g.modifiers;
        this.begin('ReferenceModifier');
        this.keyword(m.references);
        this.datatype(m.referenceEntity, this.g.name);
        return this.construct();
    }

    private sum(): AstNode {
        return this.fieldModifier(this.g.modifiers.callSum, this.sumModifier);
    }

    private sumModifier(): AstNode {
        const m = this.g.modifiers;
        this.begin('SumModifier');
        this.keyword(m.sum);
        this.datatype(m.sumEntity, this.g.name);
        this.keyword(m.sumDot);
        this.datatype(m.sumField, this.g.fieldName);
        return this.construct();
    }

    private typeRef(): AstNode {
        const { g, t } = this;
        this.begin('TypeRef');
        this.consume(t.ID, g.typeRef.name);
        if (this.is(t.lparen)) {
            this.keyword(g.typeRef.open);
            this.datatype(g.typeRef.args, g.typeArg);
            while (this.is(t.comma)) {
                this.keyword(g.typeRef.comma);
                this.datatype(g.typeRef.moreArgs, g.typeArg);
            }
            this.keyword(g.typeRef.close);
        }
        return this.construct();
    }

    private literal(): AstNode {
        const { g, t } = this;
        const l = g.literal;
        this.begin('Literal');
        const type = this.la();
        if (type === t.STRING) this.consume(t.STRING, l.string);
        else if (type === t.dash || type === t.INT || type === t.DECIMAL) this.signedNumber(l.number);
        else if (type === t.true || type === t.false) this.datatype(l.boolean, g.booleanValue);
        else if (type === t.ID) this.consume(t.ID, l.word);
        else throw BAIL;
        return this.construct();
    }

    private signedNumber(feature: Element): void {
        this.datatypeOf(feature, this.signedNumberTokens);
    }

    private signedNumberTokens(): void {
        const s = this.g.signedNumber;
        if (this.is(this.t.dash)) this.keyword(s.dash);
        if (this.is(this.t.INT)) this.consume(this.t.INT, s.int);
        else this.consume(this.t.DECIMAL, s.decimal);
    }

    private route(): AstNode {
        const { g, t } = this;
        this.begin('Route');
        this.keyword(g.route.route);
        this.consume(t.STRING, g.route.path);
        this.keyword(g.route.arrow);
        this.datatype(g.route.target, g.name);
        return this.construct();
    }

    private auth(): AstNode {
        const { g, t } = this;
        const a = g.auth;
        this.begin('Auth');
        this.keyword(a.auth);
        this.consume(t.ID, a.scheme);
        if (this.is(t.issuer)) {
            this.keyword(a.issuerKeyword);
            this.datatype(a.issuer, g.name);
        }
        if (this.is(t.roles)) {
            this.keyword(a.rolesKeyword);
            this.datatype(a.roles, g.name);
            while (this.is(t.comma)) {
                this.keyword(a.comma);
                this.datatype(a.moreRoles, g.name);
            }
        }
        if (this.is(t.expires)) {
            this.keyword(a.expiresKeyword);
            this.datatype(a.expires, g.quantity);
        }
        return this.construct();
    }

    /** `(methods+=ID (',' methods+=ID)*)? path=STRING`, shared by PublicRoute and Restriction. */
    private methodsAndPath(r: { methods: Element; comma: GrammarAST.Keyword; moreMethods: Element; path: Element }): void {
        const t = this.t;
        if (this.is(t.ID)) {
            this.consume(t.ID, r.methods);
            while (this.is(t.comma)) {
                this.keyword(r.comma);
                this.consume(t.ID, r.moreMethods);
            }
        }
        this.consume(t.STRING, r.path);
    }

    private publicRoute(): AstNode {
        const p = this.g.publicRoute;
        this.begin('PublicRoute');
        this.keyword(p.public);
        this.methodsAndPath(p);
        return this.construct();
    }

    private restriction(): AstNode {
        const { g, t } = this;
        const r = g.restriction;
        this.begin('Restriction');
        this.keyword(r.restrict);
        this.methodsAndPath(r);
        this.keyword(r.to);
        this.datatype(r.roles, g.name);
        while (this.is(t.comma)) {
            this.keyword(r.rolesComma);
            this.datatype(r.moreRoles, g.name);
        }
        return this.construct();
    }

    private rateLimit(): AstNode {
        const { g, t } = this;
        const r = g.rateLimit;
        this.begin('RateLimit');
        this.keyword(r.rateLimit);
        this.consume(t.INT, r.rate);
        this.keyword(r.per);
        this.consume(t.ID, r.unit);
        if (this.is(t.burst)) {
            this.keyword(r.burstKeyword);
            this.consume(t.INT, r.burst);
        }
        return this.construct();
    }

    private cors(): AstNode {
        const { g, t } = this;
        this.begin('Cors');
        this.keyword(g.cors.cors);
        this.consume(t.STRING, g.cors.origins);
        while (this.is(t.comma)) {
            this.keyword(g.cors.comma);
            this.consume(t.STRING, g.cors.moreOrigins);
        }
        return this.construct();
    }

    private health(): AstNode {
        const { g, t } = this;
        const h = g.health;
        this.begin('Health');
        this.action(h.action);
        this.keyword(h.health);
        if (this.is(t.STRING)) this.consume(t.STRING, h.path);
        for (;;) {
            const type = this.la();
            const element = type ? h.optionNames.get(type) : undefined;
            if (!element || !type) break;
            this.subrule(h.options, () => {
                this.begin('HealthOption');
                this.consume(type, element);
                this.datatype(h.optionValue, g.quantity);
                return this.construct();
            });
        }
        return this.construct();
    }

    private connector(): AstNode {
        const { g, t } = this;
        const c = g.connector;
        this.begin('Connector');
        this.keyword(c.connector);
        this.kindName(c.kind);
        this.datatype(c.from, g.name);
        this.keyword(c.arrow);
        this.datatype(c.to, g.name);
        if (this.is(t.lbrace)) {
            this.keyword(c.open);
            while (!this.is(t.rbrace)) this.subrule(c.members, this.connectorMember);
            this.keyword(c.close);
        }
        return this.construct();
    }

    private connectorMember(): AstNode {
        const { g, t } = this;
        const m = g.connectorMember;
        this.begin('ConnectorMember');
        const type = this.la();
        if (type === t.channel) this.subrule(m.Channel, () => this.keywordThenTerminal('Channel', g.channel.channel, t.STRING, g.channel.name));
        else if (type === t.payload) this.subrule(m.Payload, this.payload);
        else if (type === t.delay) this.subrule(m.Delay, () => this.keywordThenDatatype('Delay', g.delay.delay, g.delay.value, g.quantity));
        else if (type === t.broker) this.subrule(m.Broker, this.broker);
        else if (type === t.delivery) this.subrule(m.Delivery, () => this.keywordThenTerminal('Delivery', g.delivery.delivery, t.ID, g.delivery.mode));
        else if (type === t.trigger) this.subrule(m.Trigger, this.trigger);
        else if (type === t.on) {
            // `on message { ... }` or a call rule `on create X set ...`.
            const next = this.la(2);
            if (next === t.message) this.subrule(m.OnMessage, this.onMessage);
            else if (next === t.ID) this.subrule(m.CallRule, this.callRule);
            else throw BAIL;
        } else throw BAIL;
        return this.construct();
    }

    private payload(): AstNode {
        const { g, t } = this;
        const p = g.payload;
        this.begin('Payload');
        this.keyword(p.payload);
        if (this.is(t.lbrace)) {
            this.keyword(p.open);
            while (!this.is(t.rbrace)) this.subrule(p.fields, this.field);
            this.keyword(p.close);
        } else {
            this.datatype(p.entity, g.name);
        }
        return this.construct();
    }

    private broker(): AstNode {
        const { g, t } = this;
        this.begin('Broker');
        this.keyword(g.broker.broker);
        this.consume(t.ID, g.broker.engine);
        if (this.is(t.protocol)) {
            this.keyword(g.broker.protocolKeyword);
            this.consume(t.ID, g.broker.protocol);
        }
        return this.construct();
    }

    private trigger(): AstNode {
        const { g, t } = this;
        this.begin('Trigger');
        this.keyword(g.trigger.trigger);
        if (this.is(t.ID)) this.consume(t.ID, g.trigger.operationId);
        else this.consume(t.update, g.trigger.operationUpdate);
        this.datatype(g.trigger.entity, g.name);
        return this.construct();
    }

    private onMessage(): AstNode {
        const { g, t } = this;
        const o = g.onMessage;
        this.begin('OnMessage');
        this.keyword(o.on);
        this.keyword(o.message);
        this.keyword(o.open);
        while (!this.is(t.rbrace)) this.subrule(o.actions, this.action_);
        this.keyword(o.close);
        return this.construct();
    }

    private action_(): AstNode {
        const { g, t } = this;
        const a = g.action;
        this.begin('Action');
        const type = this.la();
        if (type === t.store) this.subrule(a.StoreAction, () => this.keywordThenDatatype('StoreAction', g.store.store, g.store.entity, g.name));
        else if (type === t.update) this.subrule(a.UpdateAction, this.updateAction);
        else if (type === t.validate_card) this.subrule(a.ValidateCardAction, this.validateCard);
        else if (type === t.publish) this.subrule(a.PublishAction, () => this.keywordThenTerminal('PublishAction', g.publish.publish, t.STRING, g.publish.channel));
        else if (type === t.handler) this.subrule(a.HandlerAction, () => this.keywordThenTerminal('HandlerAction', g.handler.handler, t.STRING, g.handler.name));
        else throw BAIL;
        return this.construct();
    }

    private updateAction(): AstNode {
        const { g, t } = this;
        const u = g.update;
        this.begin('UpdateAction');
        this.keyword(u.update);
        this.datatype(u.entity, g.name);
        this.keyword(u.set);
        this.subrule(u.assignments, () => this.fieldValue('Assignment', g.assignment));
        while (this.is(t.comma)) {
            this.keyword(u.comma);
            this.subrule(u.moreAssignments, () => this.fieldValue('Assignment', g.assignment));
        }
        this.keyword(u.where);
        this.datatype(u.key, g.fieldName);
        this.keyword(u.equals);
        this.subrule(u.keyValue, this.value);
        if (this.is(t.if)) {
            this.keyword(u.if);
            this.subrule(u.condition, () => this.fieldValue('Condition', g.condition));
        }
        return this.construct();
    }

    /** Assignment and Condition: `field=FieldName '=' value=Value`. */
    private fieldValue(type: string, r: { field: Element; equals: GrammarAST.Keyword; value: Element }): AstNode {
        this.begin(type);
        this.datatype(r.field, this.g.fieldName);
        this.keyword(r.equals);
        this.subrule(r.value, this.value);
        return this.construct();
    }

    private value(): AstNode {
        const { g, t } = this;
        const v = g.value;
        this.begin('Value');
        const type = this.la();
        if (type === t.STRING) this.consume(t.STRING, v.string);
        else if (type === t.dash || type === t.INT || type === t.DECIMAL) this.signedNumber(v.number);
        else this.datatype(v.field, g.fieldName);
        return this.construct();
    }

    private validateCard(): AstNode {
        const { g } = this;
        this.begin('ValidateCardAction');
        this.keyword(g.validateCard.validateCard);
        this.datatype(g.validateCard.number, g.fieldName);
        this.keyword(g.validateCard.expiryKeyword);
        this.datatype(g.validateCard.expiry, g.fieldName);
        return this.construct();
    }

    private callRule(): AstNode {
        const { g, t } = this;
        const c = g.callRule;
        this.begin('CallRule');
        this.keyword(c.on);
        this.consume(t.ID, c.operation);
        this.datatype(c.entity, g.name);
        if (this.is(t.set)) this.subrule(c.lookup, this.lookupRule);
        else if (this.is(t.take)) this.subrule(c.take, this.takeRule);
        else throw BAIL;
        return this.construct();
    }

    private lookupRule(): AstNode {
        const { g, t } = this;
        const l = g.lookupRule;
        this.begin('LookupRule');
        this.keyword(l.set);
        this.datatype(l.field, g.fieldName);
        this.keyword(l.equals);
        this.datatype(l.target, g.name);
        this.keyword(l.dot);
        this.datatype(l.targetField, g.fieldName);
        if (this.is(t.star)) {
            this.keyword(l.star);
            this.datatype(l.factor, g.fieldName);
        }
        this.keyword(l.where);
        this.datatype(l.key, g.fieldName);
        this.keyword(l.whereEquals);
        this.datatype(l.value, g.fieldName);
        return this.construct();
    }

    private takeRule(): AstNode {
        const { g } = this;
        const k = g.takeRule;
        this.begin('TakeRule');
        this.keyword(k.take);
        this.datatype(k.amount, g.fieldName);
        this.keyword(k.from);
        this.datatype(k.target, g.name);
        this.keyword(k.dot);
        this.datatype(k.targetField, g.fieldName);
        this.keyword(k.where);
        this.datatype(k.key, g.fieldName);
        this.keyword(k.equals);
        this.datatype(k.value, g.fieldName);
        return this.construct();
    }

    /** The k-th next token can start a Name. */
    private startsName(k = 1): boolean {
        const type = this.la(k);
        return type !== undefined && this.g.name.byToken.has(type);
    }
}

const NO_TOKENS: Lexed = { count: 0, kinds: new Uint8Array(0), table: [], starts: new Int32Array(0), ends: new Int32Array(0), comments: [] };

interface FeatureInfo {
    readonly assignment?: GrammarAST.Assignment;
    readonly crossRef?: 'single' | 'multi';
    readonly isKeyword: boolean;
}

/** Links a node to its container, as ArchParser's linkContainers does. */
function linkTo(child: AstNode, container: Record<string, unknown>, property: string, index: number | undefined): void {
    const linked = child as { $container: unknown; $containerProperty: string; $containerIndex?: number };
    linked.$container = container;
    linked.$containerProperty = property;
    if (index !== undefined) linked.$containerIndex = index;
}

function copyDefault(value: readonly unknown[]): unknown[] {
    return value.map(v => (Array.isArray(v) ? copyDefault(v) : v));
}

// ---------------------------------------------------------------------- grammar elements

/** A data type rule of one token: the rule's element for each token type that can be it. */
interface DatatypeRule {
    readonly byToken: Map<TokenType, Element>;
}

/** Finds the grammar elements the rules above pass as features. */
class Lookup {
    private readonly elements = new Map<string, Element[]>();

    constructor(private readonly grammar: GrammarAST.Grammar) {}

    rule(name: string): GrammarAST.ParserRule {
        const rule = this.grammar.rules.find(r => r.name === name);
        if (!rule || !GrammarAST.isParserRule(rule)) throw new Error(`fast-parser: no parser rule '${name}' in the grammar`);
        return rule;
    }

    /** The elements of a rule, listed once per rule (some 150 lookups are made at start-up). */
    private all(ruleName: string): Element[] {
        let found = this.elements.get(ruleName);
        if (!found) {
            const rule = this.rule(ruleName);
            found = [rule.definition, ...AstUtils.streamAllContents(rule.definition)].filter((n): n is Element => GrammarAST.isAbstractElement(n));
            this.elements.set(ruleName, found);
        }
        return found;
    }

    keyword(ruleName: string, value: string, nth = 0): GrammarAST.Keyword {
        const found = this.all(ruleName).filter((e): e is GrammarAST.Keyword => GrammarAST.isKeyword(e) && e.value === value)[nth];
        if (!found) throw new Error(`fast-parser: no keyword '${value}' (#${nth}) in rule ${ruleName}`);
        return found;
    }

    /** The terminal of the nth assignment to `feature` (the element the parser passes for it). */
    assigned(ruleName: string, feature: string, nth = 0): Element {
        const found = this.all(ruleName).filter((e): e is GrammarAST.Assignment => GrammarAST.isAssignment(e) && e.feature === feature)[nth];
        if (!found) throw new Error(`fast-parser: no assignment '${feature}' (#${nth}) in rule ${ruleName}`);
        return found.terminal;
    }

    /** The nth call of rule `called` in `ruleName` (terminal or parser rule, assigned or not). */
    call(ruleName: string, called: string, nth = 0): GrammarAST.RuleCall {
        const found = this.all(ruleName).filter((e): e is GrammarAST.RuleCall => GrammarAST.isRuleCall(e) && e.rule.ref?.name === called)[nth];
        if (!found) throw new Error(`fast-parser: no call of ${called} (#${nth}) in rule ${ruleName}`);
        return found;
    }

    action(ruleName: string): GrammarAST.Action {
        const found = this.all(ruleName).find(GrammarAST.isAction);
        if (!found) throw new Error(`fast-parser: no action in rule ${ruleName}`);
        return found;
    }

    /** The keywords of an alternatives assignment (`flag=('required' | ...)`), by value. */
    keywordsOf(element: Element): GrammarAST.Keyword[] {
        if (GrammarAST.isKeyword(element)) return [element];
        if (GrammarAST.isAlternatives(element)) return element.elements.flatMap(e => this.keywordsOf(e));
        throw new Error(`fast-parser: expected keywords, found ${element.$type}`);
    }
}

type GrammarElements = ReturnType<typeof grammarElements>;

function grammarElements(grammar: GrammarAST.Grammar) {
    const l = new Lookup(grammar);
    const alternativesOf = (rule: string, names: string[]) => Object.fromEntries(names.map(n => [n, l.call(rule, n)])) as Record<string, GrammarAST.RuleCall>;
    return {
        lookup: l,
        model: {
            architecture: l.keyword('Model', 'architecture'), name: l.assigned('Model', 'name'), colon: l.keyword('Model', ':'),
            imports: l.assigned('Model', 'imports'), elements: l.assigned('Model', 'elements')
        },
        import: { import: l.keyword('Import', 'import'), path: l.assigned('Import', 'path') },
        element: { component: l.call('Element', 'Component'), connector: l.call('Element', 'Connector') },
        component: {
            component: l.keyword('Component', 'component'), kind: l.assigned('Component', 'kind'), kindTail: l.assigned('Component', 'kindTail'),
            name: l.assigned('Component', 'name'), open: l.keyword('Component', '{'), members: l.assigned('Component', 'members'),
            close: l.keyword('Component', '}')
        },
        connector: {
            connector: l.keyword('Connector', 'connector'), kind: l.assigned('Connector', 'kind'), from: l.assigned('Connector', 'from'),
            arrow: l.keyword('Connector', '->'), to: l.assigned('Connector', 'to'), open: l.keyword('Connector', '{'),
            members: l.assigned('Connector', 'members'), close: l.keyword('Connector', '}')
        },
        kindName: { first: l.call('KindName', 'ID', 0), dash: l.keyword('KindName', '-'), next: l.call('KindName', 'ID', 1) },
        componentMember: alternativesOf('ComponentMember', ['Replicas', 'Exposure', 'Private', 'Engine', 'Entity', 'Route', 'Auth', 'PublicRoute',
            'Restriction', 'RateLimit', 'Cors', 'MaxBody', 'Strategy', 'Health']),
        replicas: { replicas: l.keyword('Replicas', 'replicas'), count: l.assigned('Replicas', 'count') },
        exposure: {
            action: l.action('Exposure'), public: l.keyword('Exposure', 'public'), portKeyword: l.keyword('Exposure', 'port'),
            port: l.assigned('Exposure', 'port')
        },
        private: { action: l.action('Private'), private: l.keyword('Private', 'private') },
        engine: { engine: l.keyword('Engine', 'engine'), name: l.assigned('Engine', 'name') },
        entity: {
            entity: l.keyword('Entity', 'entity'), name: l.assigned('Entity', 'name'), open: l.keyword('Entity', '{'),
            fields: l.assigned('Entity', 'fields'), close: l.keyword('Entity', '}')
        },
        field: { name: l.assigned('Field', 'name'), type: l.assigned('Field', 'type'), modifiers: l.assigned('Field', 'modifiers') },
        modifiers: {
            // The field's `modifiers+=FieldModifier` call; each modifier is then called through FieldModifier.
            callPrimaryKey: l.call('FieldModifier', 'PrimaryKeyModifier'), callFlag: l.call('FieldModifier', 'FlagModifier'),
            callDefault: l.call('FieldModifier', 'DefaultModifier'), callBound: l.call('FieldModifier', 'BoundModifier'),
            callReference: l.call('FieldModifier', 'ReferenceModifier'), callSum: l.call('FieldModifier', 'SumModifier'),
            primaryAction: l.action('PrimaryKeyModifier'), primary: l.keyword('PrimaryKeyModifier', 'primary'), key: l.keyword('PrimaryKeyModifier', 'key'),
            flags: new Map<TokenType, Element>(), flagKeywords: l.keywordsOf(l.assigned('FlagModifier', 'flag')),
            default: l.keyword('DefaultModifier', 'default'), defaultValue: l.assigned('DefaultModifier', 'value'),
            bounds: new Map<TokenType, Element>(), boundKeywords: l.keywordsOf(l.assigned('BoundModifier', 'bound')),
            boundValue: l.assigned('BoundModifier', 'value'),
            references: l.keyword('ReferenceModifier', 'references'), referenceEntity: l.assigned('ReferenceModifier', 'entity'),
            sum: l.keyword('SumModifier', 'sum'), sumEntity: l.assigned('SumModifier', 'entity'), sumDot: l.keyword('SumModifier', '.'),
            sumField: l.assigned('SumModifier', 'field')
        },
        typeRef: {
            name: l.assigned('TypeRef', 'name'), open: l.keyword('TypeRef', '('), args: l.assigned('TypeRef', 'args', 0),
            comma: l.keyword('TypeRef', ','), moreArgs: l.assigned('TypeRef', 'args', 1), close: l.keyword('TypeRef', ')')
        },
        literal: {
            string: l.assigned('Literal', 'string'), number: l.assigned('Literal', 'number'), boolean: l.assigned('Literal', 'boolean'),
            word: l.assigned('Literal', 'word')
        },
        signedNumber: { dash: l.keyword('SignedNumber', '-'), int: l.call('SignedNumber', 'INT'), decimal: l.call('SignedNumber', 'DECIMAL') },
        route: {
            route: l.keyword('Route', 'route'), path: l.assigned('Route', 'path'), arrow: l.keyword('Route', '->'), target: l.assigned('Route', 'target')
        },
        auth: {
            auth: l.keyword('Auth', 'auth'), scheme: l.assigned('Auth', 'scheme'), issuerKeyword: l.keyword('Auth', 'issuer'),
            issuer: l.assigned('Auth', 'issuer'), rolesKeyword: l.keyword('Auth', 'roles'), roles: l.assigned('Auth', 'roles', 0),
            comma: l.keyword('Auth', ','), moreRoles: l.assigned('Auth', 'roles', 1), expiresKeyword: l.keyword('Auth', 'expires'),
            expires: l.assigned('Auth', 'expires')
        },
        publicRoute: {
            public: l.keyword('PublicRoute', 'public'), methods: l.assigned('PublicRoute', 'methods', 0), comma: l.keyword('PublicRoute', ','),
            moreMethods: l.assigned('PublicRoute', 'methods', 1), path: l.assigned('PublicRoute', 'path')
        },
        restriction: {
            restrict: l.keyword('Restriction', 'restrict'), methods: l.assigned('Restriction', 'methods', 0), comma: l.keyword('Restriction', ',', 0),
            moreMethods: l.assigned('Restriction', 'methods', 1), path: l.assigned('Restriction', 'path'), to: l.keyword('Restriction', 'to'),
            roles: l.assigned('Restriction', 'roles', 0), rolesComma: l.keyword('Restriction', ',', 1), moreRoles: l.assigned('Restriction', 'roles', 1)
        },
        rateLimit: {
            rateLimit: l.keyword('RateLimit', 'rate_limit'), rate: l.assigned('RateLimit', 'rate'), per: l.keyword('RateLimit', 'per'),
            unit: l.assigned('RateLimit', 'unit'), burstKeyword: l.keyword('RateLimit', 'burst'), burst: l.assigned('RateLimit', 'burst')
        },
        cors: {
            cors: l.keyword('Cors', 'cors'), origins: l.assigned('Cors', 'origins', 0), comma: l.keyword('Cors', ','), moreOrigins: l.assigned('Cors', 'origins', 1)
        },
        maxBody: { maxBody: l.keyword('MaxBody', 'max_body'), size: l.assigned('MaxBody', 'size') },
        strategy: { strategy: l.keyword('Strategy', 'strategy'), name: l.assigned('Strategy', 'name') },
        health: {
            action: l.action('Health'), health: l.keyword('Health', 'health'), path: l.assigned('Health', 'path'), options: l.assigned('Health', 'options'),
            optionNames: new Map<TokenType, Element>(), optionKeywords: l.keywordsOf(l.assigned('HealthOption', 'name')),
            optionValue: l.assigned('HealthOption', 'value')
        },
        connectorMember: alternativesOf('ConnectorMember', ['Channel', 'Payload', 'Delay', 'Broker', 'Delivery', 'Trigger', 'OnMessage', 'CallRule']),
        channel: { channel: l.keyword('Channel', 'channel'), name: l.assigned('Channel', 'name') },
        payload: {
            payload: l.keyword('Payload', 'payload'), entity: l.assigned('Payload', 'entity'), open: l.keyword('Payload', '{'),
            fields: l.assigned('Payload', 'fields'), close: l.keyword('Payload', '}')
        },
        delay: { delay: l.keyword('Delay', 'delay'), value: l.assigned('Delay', 'value') },
        broker: {
            broker: l.keyword('Broker', 'broker'), engine: l.assigned('Broker', 'engine'), protocolKeyword: l.keyword('Broker', 'protocol'),
            protocol: l.assigned('Broker', 'protocol')
        },
        delivery: { delivery: l.keyword('Delivery', 'delivery'), mode: l.assigned('Delivery', 'mode') },
        trigger: {
            trigger: l.keyword('Trigger', 'trigger'), operationId: l.call('Trigger', 'ID'), operationUpdate: l.keyword('Trigger', 'update'),
            entity: l.assigned('Trigger', 'entity')
        },
        onMessage: {
            on: l.keyword('OnMessage', 'on'), message: l.keyword('OnMessage', 'message'), open: l.keyword('OnMessage', '{'),
            actions: l.assigned('OnMessage', 'actions'), close: l.keyword('OnMessage', '}')
        },
        callRule: {
            on: l.keyword('CallRule', 'on'), operation: l.assigned('CallRule', 'operation'), entity: l.assigned('CallRule', 'entity'),
            lookup: l.call('CallRule', 'LookupRule'), take: l.call('CallRule', 'TakeRule')
        },
        lookupRule: {
            set: l.keyword('LookupRule', 'set'), field: l.assigned('LookupRule', 'field'), equals: l.keyword('LookupRule', '=', 0),
            target: l.assigned('LookupRule', 'target'), dot: l.keyword('LookupRule', '.'), targetField: l.assigned('LookupRule', 'targetField'),
            star: l.keyword('LookupRule', '*'), factor: l.assigned('LookupRule', 'factor'), where: l.keyword('LookupRule', 'where'),
            key: l.assigned('LookupRule', 'key'), whereEquals: l.keyword('LookupRule', '=', 1), value: l.assigned('LookupRule', 'value')
        },
        takeRule: {
            take: l.keyword('TakeRule', 'take'), amount: l.assigned('TakeRule', 'amount'), from: l.keyword('TakeRule', 'from'),
            target: l.assigned('TakeRule', 'target'), dot: l.keyword('TakeRule', '.'), targetField: l.assigned('TakeRule', 'targetField'),
            where: l.keyword('TakeRule', 'where'), key: l.assigned('TakeRule', 'key'), equals: l.keyword('TakeRule', '='),
            value: l.assigned('TakeRule', 'value')
        },
        action: alternativesOf('Action', ['StoreAction', 'UpdateAction', 'ValidateCardAction', 'PublishAction', 'HandlerAction']),
        store: { store: l.keyword('StoreAction', 'store'), entity: l.assigned('StoreAction', 'entity') },
        update: {
            update: l.keyword('UpdateAction', 'update'), entity: l.assigned('UpdateAction', 'entity'), set: l.keyword('UpdateAction', 'set'),
            assignments: l.assigned('UpdateAction', 'assignments', 0), comma: l.keyword('UpdateAction', ','),
            moreAssignments: l.assigned('UpdateAction', 'assignments', 1), where: l.keyword('UpdateAction', 'where'),
            key: l.assigned('UpdateAction', 'key'), equals: l.keyword('UpdateAction', '='), keyValue: l.assigned('UpdateAction', 'keyValue'),
            if: l.keyword('UpdateAction', 'if'), condition: l.assigned('UpdateAction', 'condition')
        },
        assignment: { field: l.assigned('Assignment', 'field'), equals: l.keyword('Assignment', '='), value: l.assigned('Assignment', 'value') },
        condition: { field: l.assigned('Condition', 'field'), equals: l.keyword('Condition', '='), value: l.assigned('Condition', 'value') },
        value: { string: l.assigned('Value', 'string'), number: l.assigned('Value', 'number'), field: l.assigned('Value', 'field') },
        validateCard: {
            validateCard: l.keyword('ValidateCardAction', 'validate_card'), number: l.assigned('ValidateCardAction', 'number'),
            expiryKeyword: l.keyword('ValidateCardAction', 'expiry'), expiry: l.assigned('ValidateCardAction', 'expiry')
        },
        publish: { publish: l.keyword('PublishAction', 'publish'), channel: l.assigned('PublishAction', 'channel') },
        handler: { handler: l.keyword('HandlerAction', 'handler'), name: l.assigned('HandlerAction', 'name') },
        // One-token data type rules, filled with their token types in tokens().
        name: { rule: l.rule('Name'), byToken: new Map<TokenType, Element>() } as DatatypeRule & { rule: GrammarAST.ParserRule },
        fieldName: { rule: l.rule('FieldName'), byToken: new Map<TokenType, Element>() } as DatatypeRule & { rule: GrammarAST.ParserRule },
        quantity: { rule: l.rule('Quantity'), byToken: new Map<TokenType, Element>() } as DatatypeRule & { rule: GrammarAST.ParserRule },
        typeArg: { rule: l.rule('TypeArg'), byToken: new Map<TokenType, Element>() } as DatatypeRule & { rule: GrammarAST.ParserRule },
        booleanValue: { rule: l.rule('BooleanValue'), byToken: new Map<TokenType, Element>() } as DatatypeRule & { rule: GrammarAST.ParserRule }
    };
}

type Tokens = ReturnType<typeof tokens>;

/** The lexer's token types the rules test, by keyword or terminal name; fills the grammar's token maps. */
function tokens(definition: Record<string, TokenType>, g: GrammarElements) {
    const type = (name: string): TokenType => {
        const found = definition[name];
        if (!found) throw new Error(`fast-parser: the lexer has no token '${name}'`);
        return found;
    };
    // A one-token data type rule: an alternatives of terminal calls and keywords.
    for (const rule of [g.name, g.fieldName, g.quantity, g.typeArg, g.booleanValue]) {
        const definitionOf = rule.rule.definition;
        const alternatives = GrammarAST.isAlternatives(definitionOf) ? definitionOf.elements : [definitionOf];
        for (const element of alternatives) {
            if (element.cardinality) throw new Error(`fast-parser: ${rule.rule.name} is not a one-token rule`);
            if (GrammarAST.isKeyword(element)) rule.byToken.set(type(element.value), element);
            else if (GrammarAST.isRuleCall(element) && GrammarAST.isTerminalRule(element.rule.ref)) rule.byToken.set(type(element.rule.ref.name), element);
            else throw new Error(`fast-parser: ${rule.rule.name} is not a one-token rule`);
        }
    }
    for (const keyword of g.modifiers.flagKeywords) g.modifiers.flags.set(type(keyword.value), keyword);
    for (const keyword of g.modifiers.boundKeywords) g.modifiers.bounds.set(type(keyword.value), keyword);
    for (const keyword of g.health.optionKeywords) g.health.optionNames.set(type(keyword.value), keyword);
    const names = ['import', 'component', 'connector', 'replicas', 'public', 'private', 'engine', 'entity', 'route', 'auth', 'restrict', 'rate_limit',
        'cors', 'max_body', 'strategy', 'health', 'port', 'primary', 'required', 'optional', 'unique', 'indexed', 'default', 'min', 'max',
        'references', 'sum', 'true', 'false', 'issuer', 'roles', 'expires', 'burst', 'channel', 'payload', 'delay', 'broker', 'delivery', 'trigger',
        'on', 'message', 'protocol', 'update', 'store', 'validate_card', 'publish', 'handler', 'set', 'take', 'if'] as const;
    const keywords = Object.fromEntries(names.map(n => [n, type(n)])) as Record<(typeof names)[number], TokenType>;
    return {
        ...keywords,
        ID: type('ID'), INT: type('INT'), DECIMAL: type('DECIMAL'), STRING: type('STRING'),
        lbrace: type('{'), rbrace: type('}'), lparen: type('('), comma: type(','), dash: type('-'), star: type('*'),
        keyword: (value: string) => type(value)
    };
}
