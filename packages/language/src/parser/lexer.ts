import { Lexer as ChevrotainLexer, type TokenTypeDictionary } from 'chevrotain';
import {
    DefaultLexer, isTokenTypeDictionary, type LangiumCoreServices, type Lexer, type LexerResult, type TokenBuilder, type TokenizeOptions
} from 'langium';

type ErrorMessageProvider = LangiumCoreServices['parser']['LexerErrorMessageProvider'];
type Tokens = ReturnType<TokenBuilder['buildTokens']>;
type BuiltTokens = { readonly tokens: Tokens; readonly dictionary: TokenTypeDictionary };

/**
 * The token types of a grammar, made once per process. They follow from the
 * grammar alone, and Langium makes them again for every set of services,
 * which every command makes anew (some 5 ms even in a warm `archgen daemon`).
 * Chevrotain shares token types between lexers and parsers by design: it only
 * adds indexes to them, the same ones each time. Kept for the token builder
 * class and case sensitivity they were made with; services with others make
 * their own.
 */
const builtTokens = new WeakMap<LangiumCoreServices['Grammar'], BuiltTokens & { readonly builder: object; readonly caseInsensitive: boolean }>();

function tokensOf(services: LangiumCoreServices): BuiltTokens {
    const builder = services.parser.TokenBuilder;
    const caseInsensitive = services.LanguageMetaData.caseInsensitive;
    const kept = builtTokens.get(services.Grammar);
    if (kept && kept.builder === builder.constructor && kept.caseInsensitive === caseInsensitive) return kept;
    const tokens = builder.buildTokens(services.Grammar, { caseInsensitive });
    const dictionary = (DefaultLexer.prototype as unknown as { toTokenTypeDictionary(t: Tokens): TokenTypeDictionary }).toTokenTypeDictionary(tokens);
    if (!kept) builtTokens.set(services.Grammar, { tokens, dictionary, builder: builder.constructor, caseInsensitive });
    return { tokens, dictionary };
}

/**
 * Langium's lexer, with Chevrotain's lexer built the first time it is used.
 * The token types are made at once, as Langium makes them: the hand-written
 * parser and lexer (FastArchParser) need only them, and Chevrotain's lexer,
 * whose construction analyses every token pattern, runs only for a file that
 * parser gives up on, or for completion. That is most of what a short
 * `archgen check` spent building its parser.
 */
export class ArchLexer implements Lexer {
    private readonly tokenBuilder: TokenBuilder;
    private readonly errorMessageProvider: ErrorMessageProvider;
    private readonly tokenTypes: TokenTypeDictionary;
    private readonly lexerTokens: ConstructorParameters<typeof ChevrotainLexer>[0];
    private readonly production: boolean;
    private chevrotain?: ChevrotainLexer;

    constructor(services: LangiumCoreServices) {
        this.errorMessageProvider = services.parser.LexerErrorMessageProvider;
        this.tokenBuilder = services.parser.TokenBuilder;
        const { tokens, dictionary } = tokensOf(services);
        this.tokenTypes = dictionary;
        this.lexerTokens = isTokenTypeDictionary(tokens) ? Object.values(tokens) : tokens;
        this.production = services.LanguageMetaData.mode === 'production';
    }

    get definition(): TokenTypeDictionary {
        return this.tokenTypes;
    }

    /** Whether Chevrotain's lexer has been built (for tests). */
    get built(): boolean {
        return this.chevrotain !== undefined;
    }

    /** As DefaultLexer.tokenize. */
    tokenize(text: string, _options?: TokenizeOptions): LexerResult {
        this.chevrotain ??= new ChevrotainLexer(this.lexerTokens, {
            positionTracking: 'full',
            skipValidations: this.production,
            errorMessageProvider: this.errorMessageProvider
        });
        const result = this.chevrotain.tokenize(text);
        return {
            tokens: result.tokens,
            errors: result.errors,
            hidden: result.groups['hidden'] ?? [],
            report: this.tokenBuilder.flushLexingReport?.(text)
        };
    }
}
