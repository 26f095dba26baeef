// Builds the extension: the TextMate grammar (Langium's generated one, with
// kinds, quantities, numbers and doc comments added), the generator's
// templates (the bundled CLI reads them at run time, and holds them
// precompiled) and three esbuild bundles:
// dist/extension.cjs (the VS Code client), dist/server.cjs (the language
// server) and dist/cli.cjs (archgen itself, for the generate command).
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompiledTemplatesPlugin } from '../../generator/scripts/precompile-templates.mjs';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const repo = join(here, '..', '..');

// ------------------------------------------------------------------ grammar
const KINDS = ['frontend', 'backend', 'database', 'load_balancer', 'api_gateway', 'mqtp', 'http', 'db_connector', 'message_queue'];

function buildGrammar() {
    const source = join(repo, 'packages', 'language', 'syntaxes', 'arch.tmLanguage.json');
    if (!existsSync(source)) {
        throw new Error(`${source} is missing: run 'npm run langium:generate' (or 'npm run build') at the root first.`);
    }
    const grammar = JSON.parse(readFileSync(source, 'utf8'));
    const keywordIndex = grammar.patterns?.findIndex(p => p.name === 'keyword.control.arch') ?? -1;
    const comments = grammar.repository?.comments?.patterns;
    if (grammar.scopeName !== 'source.arch' || keywordIndex < 0 || !Array.isArray(comments)) {
        throw new Error(`${source} does not have the shape Langium generates (scopeName, keyword pattern, comments).`);
    }
    const ident = '[_\\p{L}][_\\p{L}\\p{N}]*';
    grammar.name = 'Arch';
    comments.unshift({
        name: 'comment.block.documentation.arch',
        begin: '/\\*\\*(?!/)',
        beginCaptures: { 0: { name: 'punctuation.definition.comment.arch' } },
        end: '\\*/',
        endCaptures: { 0: { name: 'punctuation.definition.comment.arch' } }
    });
    const added = [
        {
            match: `\\b(architecture)\\b(?:\\s+(${ident}))?`,
            captures: { 1: { name: 'keyword.control.arch' }, 2: { name: 'entity.name.namespace.arch' } }
        },
        {
            match: `\\b(component)\\s+(${ident}(?:-${ident})*)(?:\\s+(${ident}))?`,
            captures: {
                1: { name: 'keyword.control.arch' },
                2: { name: 'support.type.kind.arch' },
                3: { name: 'entity.name.type.component.arch' }
            }
        },
        {
            match: `\\b(connector)\\s+(${ident}(?:-${ident})*)`,
            captures: { 1: { name: 'keyword.control.arch' }, 2: { name: 'support.type.kind.arch' } }
        },
        { name: 'support.type.kind.arch', match: `\\b(${KINDS.join('|')})\\b` },
        { name: 'constant.language.boolean.arch', match: '\\b(true|false)\\b' },
        {
            name: 'constant.numeric.quantity.arch',
            match: '\\b(\\d+(?:\\.\\d+)?)([a-zA-Z]+)\\b',
            captures: { 1: { name: 'constant.numeric.arch' }, 2: { name: 'keyword.other.unit.arch' } }
        },
        { name: 'constant.numeric.arch', match: '(?<![\\w.])-?\\d+(?:\\.\\d+)?\\b' },
        { name: 'keyword.operator.arrow.arch', match: '->' }
    ];
    grammar.patterns.splice(keywordIndex, 0, ...added);
    mkdirSync(join(here, 'syntaxes'), { recursive: true });
    writeFileSync(join(here, 'syntaxes', 'arch.tmLanguage.json'), `${JSON.stringify(grammar, null, 2)}\n`);
}

// ------------------------------------------------------------------ templates
function copyTemplates() {
    const target = join(here, 'templates');
    rmSync(target, { recursive: true, force: true });
    cpSync(join(repo, 'templates'), target, { recursive: true });
}

// The Bootstrap files the generator copies into each frontend (it finds them
// with require.resolve; dist/cli.cjs adds vendor/ to the module paths).
function copyVendor() {
    const target = join(here, 'vendor');
    rmSync(target, { recursive: true, force: true });
    const bootstrap = dirname(createRequire(join(repo, 'packages', 'generator', 'package.json')).resolve('bootstrap/package.json'));
    for (const file of ['package.json', 'LICENSE', 'dist/css/bootstrap.min.css', 'dist/js/bootstrap.bundle.min.js']) {
        mkdirSync(dirname(join(target, 'bootstrap', file)), { recursive: true });
        cpSync(join(bootstrap, file), join(target, 'bootstrap', file));
    }
}

// ------------------------------------------------------------------ bundles
// The sources are ESM and read files beside themselves through import.meta.url
// (the CLI's version, the generator's templates): give the CJS bundles one.
const importMetaUrl = {
    banner: { js: "const __archgen_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__archgen_import_meta_url' }
};

const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
    minify: process.argv.includes('--minify'),
    logLevel: 'warning',
    legalComments: 'none',
    ...importMetaUrl
};

async function bundles() {
    rmSync(join(here, 'dist'), { recursive: true, force: true });
    await Promise.all([
        build({ ...common, entryPoints: [join(here, 'src', 'extension.ts')], outfile: join(here, 'dist', 'extension.cjs'), external: ['vscode'] }),
        build({ ...common, entryPoints: [join(here, 'src', 'server.ts')], outfile: join(here, 'dist', 'server.cjs') }),
        // With the generator's templates precompiled (it still checks them against templates/ as it runs).
        build({ ...common, entryPoints: [join(here, 'src', 'cli.ts')], outfile: join(here, 'dist', 'cli.cjs'), plugins: [precompiledTemplatesPlugin()] })
    ]);
}

buildGrammar();
copyTemplates();
copyVendor();
await bundles();
