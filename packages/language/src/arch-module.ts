import { inject, type DeepPartial, type Module } from 'langium';
import {
    createDefaultModule,
    createDefaultSharedModule,
    type DefaultSharedModuleContext,
    type LangiumServices,
    type LangiumSharedServices,
    type PartialLangiumServices
} from 'langium/lsp';
import { ArchGeneratedModule, ArchgenGeneratedSharedModule, ArchLanguageMetaData } from './generated/module.js';
import { ArchFormatter } from './format/formatter.js';
import { createArchParser } from './parser/arch-parser.js';
import { ArchLexer } from './parser/lexer.js';
import { ArchValueConverter } from './parser/value-converter.js';
import { ArchCommentProvider } from './parser/comment-provider.js';
import { ArchCodeActionProvider } from './lsp/code-action-provider.js';
import { ArchCompletionProvider } from './lsp/completion-provider.js';
import { ArchDocumentLinkProvider } from './lsp/document-link-provider.js';
import { ArchDocumentSymbolProvider } from './lsp/document-symbol-provider.js';
import { ArchHoverProvider } from './lsp/hover-provider.js';
import { ArchSemanticTokenProvider } from './lsp/semantic-token-provider.js';
import { ArchAstNodeDescriptionProvider } from './references/descriptions.js';
import { ArchLinker, ArchReferenceDescriptionProvider } from './references/linker.js';
import { withCachedSubtypes } from './references/reflection.js';
import { ArchgenAstReflection } from './generated/ast.js';
import { ArchScopeComputation } from './references/scope-computation.js';
import { ArchScopeProvider } from './references/scope-provider.js';
import { ArchDocumentValidator } from './validation/document-validator.js';
import { registerValidationChecks } from './validation/index.js';
import { ArchValidationRegistry } from './validation/validation-registry.js';
import { ArchDocumentFactory } from './workspace/documents.js';
import { ArchIndexManager } from './workspace/index-manager.js';
import { trackImports } from './workspace/import-loader.js';

/** Services archgen adds to Langium's defaults. */
export type ArchgenAddedServices = {
    // Nothing of our own yet beyond overrides; kept as the extension point.
};

export type ArchgenServices = LangiumServices & ArchgenAddedServices;

export const ArchgenModule: Module<ArchgenServices, PartialLangiumServices & ArchgenAddedServices> = {
    // Production mode skips Chevrotain's self-checks of the grammar when the parser and lexer are built
    // (a tenth of a second at every start); arch-parser.test.ts builds them in development mode.
    LanguageMetaData: () => ({ ...ArchLanguageMetaData, mode: 'production' }),
    parser: {
        Lexer: services => new ArchLexer(services),
        LangiumParser: services => createArchParser(services),
        ValueConverter: () => new ArchValueConverter()
    },
    documentation: {
        CommentProvider: services => new ArchCommentProvider(services)
    },
    references: {
        Linker: services => new ArchLinker(services),
        ScopeComputation: services => new ArchScopeComputation(services),
        ScopeProvider: services => new ArchScopeProvider(services)
    },
    workspace: {
        AstNodeDescriptionProvider: services => new ArchAstNodeDescriptionProvider(services),
        ReferenceDescriptionProvider: services => new ArchReferenceDescriptionProvider(services)
    },
    validation: {
        DocumentValidator: services => new ArchDocumentValidator(services),
        ValidationRegistry: services => new ArchValidationRegistry(services)
    },
    lsp: {
        CompletionProvider: services => new ArchCompletionProvider(services),
        HoverProvider: services => new ArchHoverProvider(services),
        DocumentSymbolProvider: () => new ArchDocumentSymbolProvider(),
        DocumentLinkProvider: () => new ArchDocumentLinkProvider(),
        SemanticTokenProvider: services => new ArchSemanticTokenProvider(services),
        Formatter: () => new ArchFormatter(),
        CodeActionProvider: () => new ArchCodeActionProvider()
    }
};

/**
 * Shared services archgen overrides: the index knows that files of one model
 * depend on each other; a changed document is re-parsed incrementally; the
 * reflection answers subtype questions without garbage.
 */
export const ArchgenSharedModule: Module<LangiumSharedServices, DeepPartial<LangiumSharedServices>> = {
    AstReflection: () => withCachedSubtypes(new ArchgenAstReflection()),
    workspace: {
        IndexManager: services => new ArchIndexManager(services),
        LangiumDocumentFactory: services => new ArchDocumentFactory(services)
    }
};

/**
 * Creates the shared services and the archgen language services. The caller
 * provides the file system (the CLI passes Langium's NodeFileSystem, tests an
 * empty one): this package never touches the disk itself.
 */
export function createArchgenServices(context: DefaultSharedModuleContext): {
    shared: LangiumSharedServices;
    archgen: ArchgenServices;
} {
    const shared = inject(createDefaultSharedModule(context), ArchgenGeneratedSharedModule, ArchgenSharedModule);
    const archgen = inject(createDefaultModule({ shared }), ArchGeneratedModule, ArchgenModule);
    shared.ServiceRegistry.register(archgen);
    registerValidationChecks(archgen);
    trackImports(shared);
    if (!context.connection) {
        // Outside a language server nothing else builds the workspace configuration,
        // and nothing asks who refers to what.
        shared.workspace.ConfigurationProvider.initialized({});
        (shared.workspace.IndexManager as ArchIndexManager).indexReferences = false;
    }
    return { shared, archgen };
}
