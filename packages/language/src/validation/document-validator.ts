import {
    AstUtils,
    Cancellation,
    DefaultDocumentValidator,
    type AstNode,
    type ValidationAcceptor,
    type AstReflection,
    type LangiumCoreServices,
    type LangiumDocument,
    type ParseResult,
    type ScopeProvider,
    type ValidationCheck,
    type ValidationOptions,
    interruptAndCheck
} from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { preorder } from '../util/ast-walk.js';
import { didYouMean, suggest } from '../util/suggest.js';
import { IssueCodes, type ArchDiagnosticData, type IssueCode } from './issue-codes.js';
import { isThenable } from './validation-registry.js';

/**
 * Gives the diagnostics Langium itself produces (lexing, parsing, linking)
 * archgen's stable codes, readable one-sentence messages, and did-you-mean
 * suggestions for names that do not resolve.
 */
export class ArchDocumentValidator extends DefaultDocumentValidator {
    protected readonly scopeProvider: ScopeProvider;
    protected readonly reflection: AstReflection;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.scopeProvider = services.references.ScopeProvider;
        this.reflection = services.shared.AstReflection;
    }

    /**
     * Runs the checks with an acceptor that keeps only diagnostics on this
     * document's nodes: graph checks walk the whole model, imported files
     * included, and each file reports its own problems.
     */
    override async validateAst(rootNode: AstNode, options: ValidationOptions, cancelToken = Cancellation.CancellationToken.None): Promise<Diagnostic[]> {
        const items: Diagnostic[] = [];
        const acceptor: ValidationAcceptor = (severity, message, info) => {
            if (AstUtils.findRootNode(info.node) !== rootNode) return;
            items.push(this.toDiagnostic(severity, message, info));
        };
        await this.validateAstBefore(rootNode, options, acceptor, cancelToken);
        await this.validateAstNodes(rootNode, options, acceptor, cancelToken);
        await this.validateAstAfter(rootNode, options, acceptor, cancelToken);
        return items;
    }

    /**
     * As Langium's, but a check that returns no promise is not awaited (see
     * ArchValidationRegistry), the checks of each node type are looked up
     * once per run, cancellation is checked every few hundred nodes instead
     * of at each, and the nodes are listed by preorder() rather than streamed:
     * on a large model this was most of validation's time.
     */
    protected override async validateAstNodes(
        rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken = Cancellation.CancellationToken.None
    ): Promise<void> {
        const checksOf = new Map<string, ValidationCheck[]>();
        const { nodes, ends } = preorder(rootNode);
        for (let i = 0; i < nodes.length;) {
            if (i % 256 === 0) await interruptAndCheck(cancelToken);
            const node = nodes[i]!;
            const nodeOptions = this.validateSingleNodeOptions(node, options);
            if (nodeOptions.validateNode) {
                let checks = checksOf.get(node.$type);
                if (!checks) {
                    checks = this.validationRegistry.getChecks(node.$type, options.categories).toArray();
                    checksOf.set(node.$type, checks);
                }
                // An index, not for-of: with an await in the loop, each step of an iterator would be an object.
                for (let k = 0; k < checks.length; k++) {
                    const result = checks[k]!(node, acceptor, cancelToken);
                    if (isThenable(result)) await result;
                }
            }
            i = nodeOptions.validateChildren ? i + 1 : ends[i]!;
        }
    }

    protected override processLexingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const own: Diagnostic[] = [];
        super.processLexingErrors(parseResult, own, options);
        for (const d of own) {
            diagnostics.push(withCode(d, IssueCodes.SyntaxInvalidCharacter, lexingMessage(d.message)));
        }
    }

    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const own: Diagnostic[] = [];
        super.processParsingErrors(parseResult, own, options);
        for (const d of own) {
            diagnostics.push(withCode(d, IssueCodes.SyntaxUnexpectedToken, parsingMessage(d.message)));
        }
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], _options: ValidationOptions): void {
        const references = document.references;
        for (let i = 0; i < references.length; i++) {
            const reference = references[i]!;
            const error = reference.error;
            if (!error) continue;
            const info = error.info;
            const refText = info.reference.$refText;
            const range = reference.$refNode?.range;
            if (!range) continue;
            const isEntity = this.reflection.getReferenceType(info) === 'Entity';
            const candidates = this.scopeProvider.getScope(info).getAllElements().map(d => d.name).toArray();
            const suggestion = suggest(refText, candidates);
            const code = isEntity ? IssueCodes.UnresolvedEntity : IssueCodes.UnresolvedComponent;
            const what = isEntity ? 'Entity' : 'Component';
            const message = `${what} '${refText}' is not declared in this model.${didYouMean(suggestion)}`;
            const data: ArchDiagnosticData = suggestion ? { code, suggestion } : { code };
            diagnostics.push({ severity: 1, range, message, code, data, source: this.getSource() });
        }
    }
}

function withCode(d: Diagnostic, code: IssueCode, message: string): Diagnostic {
    const data: ArchDiagnosticData = { code };
    return { ...d, message, code, data };
}

function lexingMessage(raw: string): string {
    const m = /unexpected character: ->(.)<-/i.exec(raw);
    return m ? `Unexpected character '${m[1]}'.` : sentence(raw);
}

/** Turns Chevrotain's messages into one readable sentence. */
function parsingMessage(raw: string): string {
    const found = /but found: '([^']*)'|but found `([^`]*)`|but found: `([^`]*)`/.exec(raw);
    const token = found ? (found[1] ?? found[2] ?? found[3]) : undefined;
    const where = token === undefined || token === '' ? 'end of file' : `'${token}'`;
    const single = /^Expecting token of type '([^']+)'/.exec(raw);
    if (single) {
        return `Unexpected ${where}: expected ${describeToken(single[1]!)}.`;
    }
    const seqs = /one of these possible Token sequences:\n([\s\S]*?)\nbut found/.exec(raw);
    if (seqs) {
        const firsts = new Set<string>();
        for (const line of seqs[1]!.split('\n')) {
            const first = /\[([^\],]+)/.exec(line);
            if (first) firsts.add(describeToken(first[1]!.trim()));
        }
        const list = [...firsts].slice(0, 6);
        return `Unexpected ${where}: expected ${list.join(', ')}${firsts.size > list.length ? ', ...' : ''}.`;
    }
    if (/Redundant input, expecting EOF/.test(raw)) {
        return `Unexpected ${where}: expected 'component' or 'connector'.`;
    }
    return sentence(raw.split('\n')[0] ?? raw);
}

function describeToken(token: string): string {
    switch (token) {
        case 'ID': return 'a name';
        case 'INT': return 'a whole number';
        case 'STRING': return 'a quoted string';
        case 'QUANTITY': return 'a value with a unit (30s, 1mb)';
        case 'DECIMAL': return 'a number';
        case 'EOF': return 'the end of the file';
        default: return token.startsWith("'") ? token : `'${token}'`;
    }
}

function sentence(text: string): string {
    const trimmed = text.trim().replace(/\s+/g, ' ');
    const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
    return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
