/**
 * The language server as an editor sees it: a real LSP client over stdio
 * against `archgen lsp --stdio` (the built binary), on the e-commerce example
 * and the seed model. Every wait is bounded; the server is shut down with
 * `shutdown` + `exit` and killed if it does not go.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkSources, createArchgenServices } from '@archgen/language';
import { EmptyFileSystem } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
    createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection
} from 'vscode-jsonrpc/node.js';
import type {
    CodeAction, CompletionItem, CompletionList, Diagnostic, DocumentSymbol, Hover, Location, LocationLink, PublishDiagnosticsParams,
    Range, SemanticTokens, SemanticTokensLegend, TextEdit, WorkspaceEdit, InitializeResult
} from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'packages/cli/bin/archgen.js');
const BUILT = existsSync(path.join(ROOT, 'packages/cli/dist/main.js'));
const ECOMMERCE = readFileSync(path.join(ROOT, 'examples/ecommerce.arch'), 'utf8');
const SEED = readFileSync(path.join(ROOT, 'test/fixtures/seed/model.arch'), 'utf8');
const WAIT_MS = 10_000;

function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A minimal editor: open documents, their versions and the diagnostics the server last published. */
class Client {
    readonly documents = new Map<string, TextDocument>();
    /** The last diagnostics published per document, and how many publications there were. */
    private readonly diagnostics = new Map<string, { count: number; list: Diagnostic[] }>();
    private readonly waiters: (() => void)[] = [];
    legend!: SemanticTokensLegend;

    constructor(readonly child: ChildProcess, readonly rpc: MessageConnection) {
        rpc.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
            const count = (this.diagnostics.get(params.uri)?.count ?? 0) + 1;
            this.diagnostics.set(params.uri, { count, list: params.diagnostics });
            for (const wake of this.waiters.splice(0)) wake();
        });
        // The server may ask for configuration or register capabilities: answer like an editor would.
        rpc.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
        rpc.onRequest('client/registerCapability', () => null);
        rpc.onRequest('window/workDoneProgress/create', () => null);
    }

    request<R>(method: string, params: unknown): Promise<R> {
        return within(this.rpc.sendRequest(method, params) as Promise<R>, method);
    }

    open(uri: string, text: string): Promise<Diagnostic[]> {
        const seen = this.published(uri);
        this.documents.set(uri, TextDocument.create(uri, 'arch', 1, text));
        void this.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'arch', version: 1, text } });
        return this.diagnosticsAfter(uri, seen);
    }

    /** Replaces the whole text (full sync) and waits for the diagnostics of the new version. */
    change(uri: string, text: string): Promise<Diagnostic[]> {
        const old = this.documents.get(uri)!;
        const version = old.version + 1;
        const seen = this.published(uri);
        this.documents.set(uri, TextDocument.create(uri, 'arch', version, text));
        void this.rpc.sendNotification('textDocument/didChange', {
            textDocument: { uri, version },
            contentChanges: [{ text }]
        });
        return this.diagnosticsAfter(uri, seen);
    }

    apply(uri: string, edits: readonly TextEdit[]): string {
        return TextDocument.applyEdits(this.documents.get(uri)!, [...edits]);
    }

    text(uri: string): string {
        return this.documents.get(uri)!.getText();
    }

    published(uri: string): number {
        return this.diagnostics.get(uri)?.count ?? 0;
    }

    /** The diagnostics last published for the document. */
    current(uri: string): Diagnostic[] {
        return this.diagnostics.get(uri)?.list ?? [];
    }

    /**
     * Waits until the diagnostics last published for a document satisfy a
     * condition. An edit in one file of a model re-checks the others in the
     * same build, and a later edit may cancel that build: for what an edit
     * does to *other* files, wait for the outcome, not for a count.
     */
    until(uri: string, what: string, condition: (list: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
        return within(new Promise<Diagnostic[]>(resolve => {
            const check = (): void => {
                const current = this.diagnostics.get(uri);
                if (current && condition(current.list)) resolve(current.list);
                else this.waiters.push(check);
            };
            check();
        }), `${what} in ${path.basename(uri)} (last published: ${JSON.stringify(codes(this.current(uri)))})`);
    }

    /**
     * Waits for the next publication after `seen`. Every open and change is
     * validated, so each one ends with exactly one publication.
     */
    diagnosticsAfter(uri: string, seen: number): Promise<Diagnostic[]> {
        return within(new Promise<Diagnostic[]>(resolve => {
            const check = (): void => {
                const current = this.diagnostics.get(uri);
                if (current && current.count > seen) resolve(current.list);
                else this.waiters.push(check);
            };
            check();
        }), `diagnostics of ${path.basename(uri)}`);
    }
}

async function startServer(workspace: string, folder?: string): Promise<Client> {
    const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new Client(child, rpc);
    rpc.listen();
    const init = await client.request<InitializeResult>('initialize', {
        processId: process.pid,
        rootUri: folder ? pathToFileURL(folder).toString() : null,
        workspaceFolders: folder ? [{ uri: pathToFileURL(folder).toString(), name: path.basename(folder) }] : null,
        capabilities: {
            textDocument: {
                publishDiagnostics: { versionSupport: true },
                completion: { completionItem: { snippetSupport: false } },
                semanticTokens: { requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
                codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } }
            }
        }
    });
    client.legend = init.capabilities.semanticTokensProvider!.legend;
    void rpc.sendNotification('initialized', {});
    return client;
}

async function stopServer(client: Client): Promise<void> {
    const exited = new Promise<void>(resolve => {
        if (client.child.exitCode !== null) resolve();
        else client.child.once('exit', () => resolve());
    });
    try {
        await client.request('shutdown', null);
        void client.rpc.sendNotification('exit');
        await within(exited, 'the server to exit', 5_000);
    } finally {
        client.rpc.dispose();
        if (client.child.exitCode === null) client.child.kill('SIGKILL');
    }
}

/** The zero-based position of the `nth` occurrence of `needle` (plus `delta` characters). */
function positionOf(text: string, needle: string, nth = 1, delta = 0): { line: number; character: number } {
    let index = -1;
    for (let i = 0; i < nth; i++) {
        index = text.indexOf(needle, index + 1);
        if (index < 0) throw new Error(`'${needle}' #${nth} not found`);
    }
    const doc = TextDocument.create('x', 'arch', 0, text);
    return doc.positionAt(index + delta);
}

function labels(result: CompletionList | CompletionItem[] | null): string[] {
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    return items.map(i => i.label);
}

function codes(diagnostics: readonly Diagnostic[]): string[] {
    return diagnostics.map(d => String(d.code));
}

describe.skipIf(!BUILT)('archgen lsp --stdio (needs `tsc -b tsconfig.build.json`)', () => {
    let workspace: string;
    let client: Client;
    let ecommerce: string;
    let seed: string;

    beforeAll(async () => {
        workspace = mkdtempSync(path.join(tmpdir(), 'archgen-lsp-'));
        ecommerce = pathToFileURL(path.join(workspace, 'ecommerce.arch')).toString();
        seed = pathToFileURL(path.join(workspace, 'model.arch')).toString();
        client = await startServer(workspace);
    });

    afterAll(async () => {
        if (client) await stopServer(client);
        rmSync(workspace, { recursive: true, force: true });
    });

    test('without --stdio: exit 2 and one line of usage on stderr, nothing on stdout', () => {
        const result = spawnSync(process.execPath, [BIN, 'lsp'], { encoding: 'utf8', timeout: WAIT_MS });
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(result.stderr).toMatch(/--stdio/);
    });

    test('diagnostics on open: the e-commerce example is clean, the seed has mq_connector at 24:14', async () => {
        expect(await client.open(ecommerce, ECOMMERCE)).toEqual([]);
        const diagnostics = await client.open(seed, SEED);
        const unknown = diagnostics.find(d => d.code === 'connector/unknown-kind');
        expect(unknown?.range.start).toEqual({ line: 24, character: 14 });
        expect(unknown?.data).toEqual({ code: 'connector/unknown-kind', suggestion: 'message_queue' });
        expect(unknown?.severity).toBe(1);
    });

    test('an edit that introduces an error, and one that removes it', async () => {
        const broken = ECOMMERCE.replace('connector http ecommerce_fe -> ecommerce_ag_us', 'connector http ecommerce_fe -> ecommerce_ag');
        const diagnostics = await client.change(ecommerce, broken);
        expect(codes(diagnostics)).toContain('reference/unknown-component');
        const error = diagnostics.find(d => d.code === 'reference/unknown-component')!;
        expect(error.range.start).toEqual(positionOf(broken, 'ecommerce_fe -> ecommerce_ag', 1, 'ecommerce_fe -> '.length));
        expect(await client.change(ecommerce, ECOMMERCE)).toEqual([]);
    });

    test('edits inside one element (re-parsed alone): diagnostics and positions as for the text checked afresh', async () => {
        const services = createArchgenServices(EmptyFileSystem);
        type Found = { code: unknown; range: Range; message: string };
        const sorted = (list: Found[]) => [...list].sort((a, b) =>
            a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || String(a.code).localeCompare(String(b.code)));
        const fresh = async (text: string) => {
            const [result] = await checkSources(services, [{ uri: 'file:///fresh/ecommerce.arch', text }]);
            return result!.diagnostics.map(d => ({ code: d.code, range: d.range, message: d.message }));
        };
        const edits: ((text: string) => string)[] = [
            t => t.replace('component backend ecommerce_be_usr { replicas 2 }', 'component backend ecommerce_be_usr { replicas 0 }'),
            t => t.replace('entity Product {', 'entity Product {\n            extra_note strng(40)'),
            t => t.replace('connector http ecommerce_fe -> ecommerce_ag_us', 'connector http ecommerce_fe -> ecommerce_agx'),
            t => t.replace('extra_note strng(40)', 'extra_note string(40)'),
            t => t.replace('ecommerce_fe -> ecommerce_agx', 'ecommerce_fe -> ecommerce_ag_us')
        ];
        let text = ECOMMERCE;
        let reported = 0;
        for (const edit of edits) {
            text = edit(text);
            const published = (await client.change(ecommerce, text)).map(d => ({ code: d.code, range: d.range, message: d.message }));
            // In position order: the server publishes linking errors before the checks' diagnostics.
            expect(sorted(published)).toEqual(sorted(await fresh(text)));
            reported += published.length;
        }
        expect(reported).toBeGreaterThan(3);
        // A position after the edited elements (their offsets moved by the added line) still resolves.
        const position = positionOf(text, 'connector http ecommerce_fe -> ecommerce_ag_us', 1, 'connector http ecommerce_fe -> '.length + 1);
        const result = await client.request<(Location | LocationLink)[] | Location>('textDocument/definition', { textDocument: { uri: ecommerce }, position });
        const target = Array.isArray(result) ? result[0]! : result;
        const start = 'targetUri' in target ? target.targetSelectionRange.start : target.range.start;
        expect(start).toEqual(positionOf(text, 'component api_gateway ecommerce_ag_us', 1, 'component api_gateway '.length));
        expect(await client.change(ecommerce, ECOMMERCE)).toEqual([]);
    });

    test('completion: component kinds after `component `', async () => {
        const text = `${ECOMMERCE}\n    component \n`;
        await client.change(ecommerce, text);
        const position = positionOf(text, '    component \n', 1, '    component '.length);
        const result = await client.request<CompletionList | CompletionItem[]>('textDocument/completion', { textDocument: { uri: ecommerce }, position });
        expect(labels(result)).toEqual(expect.arrayContaining(['frontend', 'backend', 'database', 'load_balancer', 'api_gateway', 'mqtp']));
    });

    test('completion: connector kinds after `connector `, and only databases after `connector db_connector x -> `', async () => {
        let text = `${ECOMMERCE}\n    connector \n`;
        await client.change(ecommerce, text);
        let position = positionOf(text, '    connector \n', 1, '    connector '.length);
        let result = await client.request<CompletionList | CompletionItem[]>('textDocument/completion', { textDocument: { uri: ecommerce }, position });
        expect(labels(result)).toEqual(expect.arrayContaining(['http', 'db_connector', 'message_queue']));

        text = `${ECOMMERCE}\n    connector db_connector ecommerce_be_usr -> \n`;
        await client.change(ecommerce, text);
        position = positionOf(text, 'ecommerce_be_usr -> \n', 1, 'ecommerce_be_usr -> '.length);
        result = await client.request<CompletionList | CompletionItem[]>('textDocument/completion', { textDocument: { uri: ecommerce }, position });
        expect(labels(result).sort()).toEqual([
            'ecommerce_be_inv_db', 'ecommerce_be_or_db', 'ecommerce_be_pd_db', 'ecommerce_be_pmt_db', 'ecommerce_be_usr_db'
        ]);

        // http never reaches a database, nor (but from a load balancer) a frontend.
        text = `${ECOMMERCE}\n    connector http ecommerce_ag_us -> \n`;
        await client.change(ecommerce, text);
        position = positionOf(text, 'ecommerce_ag_us -> \n', 1, 'ecommerce_ag_us -> '.length);
        result = await client.request<CompletionList | CompletionItem[]>('textDocument/completion', { textDocument: { uri: ecommerce }, position });
        expect(labels(result)).toEqual(expect.arrayContaining(['ecommerce_be_usr', 'ecommerce_be_pmt', 'ecommerce_lb']));
        expect(labels(result).filter(l => l.endsWith('_db') || l === 'ecommerce_fe' || l === 'ecommerce_ag_us')).toEqual([]);
        await client.change(ecommerce, ECOMMERCE);
    });

    test('completion: field types in an entity', async () => {
        const text = ECOMMERCE.replace('            is_customer boolean', '            nickname \n            is_customer boolean');
        await client.change(ecommerce, text);
        const position = positionOf(text, 'nickname \n', 1, 'nickname '.length);
        const result = await client.request<CompletionList | CompletionItem[]>('textDocument/completion', { textDocument: { uri: ecommerce }, position });
        expect(labels(result)).toEqual(expect.arrayContaining(['string', 'int', 'decimal', 'uuid', 'timestamp']));
        await client.change(ecommerce, ECOMMERCE);
    });

    test('hover: the doc string, what the kind means, and the connections', async () => {
        const position = positionOf(ECOMMERCE, 'ecommerce_be_or_db', 2, 3); // the end of its db_connector
        const onReference = positionOf(ECOMMERCE, 'connector http ecommerce_ag_us -> ecommerce_be_or', 1, 'connector http ecommerce_ag_us -> '.length + 2);
        const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: ecommerce }, position: onReference });
        const value = (hover.contents as { value: string }).value;
        expect(value).toContain('Creates orders, reports their status, cancels them.');
        expect(value).toContain('backend');
        expect(value).toContain('db_connector → `ecommerce_be_or_db`');
        const database = await client.request<Hover>('textDocument/hover', { textDocument: { uri: ecommerce }, position });
        expect((database.contents as { value: string }).value).toContain('database');
        const kind = await client.request<Hover>('textDocument/hover', {
            textDocument: { uri: ecommerce }, position: positionOf(ECOMMERCE, 'component mqtp', 1, 'component m'.length)
        });
        expect((kind.contents as { value: string }).value).toMatch(/^\*\*mqtp\*\*: A message-processing service/);
    });

    test('definition: a connector end goes to the component declaration', async () => {
        const position = positionOf(ECOMMERCE, 'connector http ecommerce_fe -> ecommerce_ag_us', 1, 'connector http ecommerce_fe -> '.length + 1);
        const result = await client.request<(Location | LocationLink)[] | Location>('textDocument/definition', { textDocument: { uri: ecommerce }, position });
        const target = Array.isArray(result) ? result[0]! : result;
        const [uri, start] = 'targetUri' in target ? [target.targetUri, target.targetSelectionRange.start] : [target.uri, target.range.start];
        expect(uri).toBe(ecommerce);
        expect(start).toEqual(positionOf(ECOMMERCE, 'component api_gateway ecommerce_ag_us', 1, 'component api_gateway '.length));
    });

    test('references: every use of the gateway and its declaration', async () => {
        const position = positionOf(ECOMMERCE, 'component api_gateway ecommerce_ag_us', 1, 'component api_gateway '.length + 1);
        const result = await client.request<Location[]>('textDocument/references', {
            textDocument: { uri: ecommerce }, position, context: { includeDeclaration: true }
        });
        const uses = ECOMMERCE.match(/\becommerce_ag_us\b/g)!.length;
        expect(result).toHaveLength(uses);
    });

    test('rename: a component renamed everywhere in the file', async () => {
        const position = positionOf(ECOMMERCE, 'component backend ecommerce_be_or ', 1, 'component backend '.length);
        const result = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: ecommerce }, position, newName: 'orders' });
        const edits = result.changes![ecommerce]!;
        expect(edits).toHaveLength(ECOMMERCE.match(/\becommerce_be_or\b/g)!.length);
        const renamed = client.apply(ecommerce, edits);
        expect(renamed).not.toMatch(/\becommerce_be_or\b/);
        expect(renamed).toContain('connector db_connector orders -> ecommerce_be_or_db');
        expect(await client.change(ecommerce, renamed)).toEqual([]);
        await client.change(ecommerce, ECOMMERCE);
    });

    test('document symbols: components with their kinds, entities inside databases', async () => {
        const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: ecommerce } });
        const gateway = symbols.find(s => s.name === 'ecommerce_ag_us');
        expect(gateway?.detail).toBe('api_gateway');
        const db = symbols.find(s => s.name === 'ecommerce_be_or_db')!;
        expect(db.detail).toBe('database');
        expect(db.children?.map(c => `${c.name}:${c.detail}`)).toEqual(['Order:entity', 'OrderDetail:entity']);
        expect(symbols.filter(s => s.detail === 'backend').map(s => s.name)).toHaveLength(4);
    });

    test('folding: every block (components, entities, connectors) and the doc comments fold', async () => {
        const ranges = await client.request<{ startLine: number; endLine: number; kind?: string }[]>('textDocument/foldingRange', { textDocument: { uri: ecommerce } });
        const lines = ECOMMERCE.split('\n');
        const starting = (text: string) => ranges.filter(r => lines[r.startLine]!.includes(text));
        // The gateway's block, an entity's block and a message_queue connector's block each fold to their closing brace.
        for (const text of ['component api_gateway ecommerce_ag_us {', 'entity OrderDetail {', 'connector message_queue ecommerce_be_pmt -> ecommerce_be_pmt_rep {']) {
            const [range] = starting(text);
            expect(range, text).toBeDefined();
            expect(range!.endLine).toBeGreaterThan(range!.startLine);
            // The range ends at its closing brace (or the line before it, as editors keep the brace visible).
            expect(lines.slice(range!.endLine, range!.endLine + 2).some(l => l.trim() === '}'), text).toBe(true);
        }
        expect(ranges.some(r => r.kind === 'comment' && lines[r.startLine]!.includes('/**'))).toBe(true);
    });

    test('formatting: a badly indented file gets the canonical layout, and formatting it again changes nothing', async () => {
        const uri = pathToFileURL(path.join(workspace, 'messy.arch')).toString();
        const messy = [
            'architecture shop:',
            'component frontend  shop_fe',
            '        component backend shop_be{replicas 2',
            '  }',
            '   // the data',
            ' component database shop_db {',
            'entity Item { id serial primary key',
            '  name string( 80 ) required }}',
            'connector http shop_fe->shop_be',
            '   connector db_connector shop_be ->   shop_db',
            ''
        ].join('\n');
        await client.open(uri, messy);
        const options = { tabSize: 4, insertSpaces: true };
        const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options });
        const formatted = client.apply(uri, edits);
        expect(formatted).toBe([
            'architecture shop:',
            '    component frontend shop_fe',
            '    component backend shop_be {',
            '        replicas 2',
            '    }',
            '    // the data',
            '    component database shop_db {',
            '        entity Item {',
            '            id serial primary key',
            '            name string(80) required',
            '        }',
            '    }',
            '    connector http shop_fe -> shop_be',
            '    connector db_connector shop_be -> shop_db',
            ''
        ].join('\n'));
        await client.change(uri, formatted);
        expect(await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options })).toEqual([]);
    });

    test('semantic tokens: non-empty and decodable into kinds, names, strings and numbers', async () => {
        const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: ecommerce } });
        expect(tokens.data.length).toBeGreaterThan(0);
        expect(tokens.data.length % 5).toBe(0);
        const lines = ECOMMERCE.split('\n');
        const decoded: { text: string; type: string }[] = [];
        let line = 0;
        let character = 0;
        for (let i = 0; i < tokens.data.length; i += 5) {
            const [deltaLine, deltaStart, length, type] = tokens.data.slice(i, i + 4) as [number, number, number, number];
            line += deltaLine;
            character = deltaLine === 0 ? character + deltaStart : deltaStart;
            decoded.push({ text: lines[line]!.slice(character, character + length), type: client.legend.tokenTypes[type]! });
        }
        const typeOf = (text: string) => decoded.find(t => t.text === text)?.type;
        expect(typeOf('load_balancer')).toBe('type');
        expect(typeOf('ecommerce_lb')).toBe('class');
        expect(typeOf('User')).toBe('struct');
        expect(typeOf('password_hash')).toBe('property');
        expect(typeOf('"/health"')).toBe('string');
        expect(typeOf('8080')).toBe('number');
        expect(typeOf('db_connector')).toBe('keyword');
    });

    test('quick fix: mq_connector becomes message_queue, and the error goes', async () => {
        const diagnostics = client.current(seed);
        const unknown = diagnostics.find(d => d.code === 'connector/unknown-kind')!;
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
            textDocument: { uri: seed }, range: unknown.range, context: { diagnostics: [unknown] }
        });
        const fix = actions.find(a => a.title.includes('message_queue'))!;
        expect(fix.kind).toBe('quickfix');
        const fixed = client.apply(seed, fix.edit!.changes![seed]!);
        expect(fixed.split('\n')[24]).toBe('    connector message_queue ecommerce_be_pmt -> ecommerce_be_pmt_rep');
        const after = await client.change(seed, fixed);
        expect(after.filter(d => d.severity === 1)).toEqual([]);
    });

    test('quick fix: `load balancer` becomes load_balancer', async () => {
        const uri = pathToFileURL(path.join(workspace, 'kinds.arch')).toString();
        const text = 'architecture shop:\n    component load balancer lb\n';
        const unknown = (await client.open(uri, text)).find(d => d.code === 'component/unknown-kind')!;
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
            textDocument: { uri }, range: unknown.range, context: { diagnostics: [unknown] }
        });
        expect(client.apply(uri, actions.find(a => a.title.includes("'load_balancer'"))!.edit!.changes![uri]!))
            .toBe('architecture shop:\n    component load_balancer lb\n');
    });

    test('quick fix: a backend without a database gets one', async () => {
        const uri = pathToFileURL(path.join(workspace, 'lonely.arch')).toString();
        const text = 'architecture shop:\n    component backend shop_be\n';
        const diagnostics = await client.open(uri, text);
        const unconnected = diagnostics.find(d => d.code === 'component/unconnected')!;
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
            textDocument: { uri }, range: unconnected.range, context: { diagnostics: [unconnected] }
        });
        const fix = actions.find(a => a.title.includes('shop_be_db'))!;
        const fixed = client.apply(uri, fix.edit!.changes![uri]!);
        expect(fixed).toBe('architecture shop:\n    component backend shop_be\n    component database shop_be_db\n    connector db_connector shop_be -> shop_be_db\n');
        expect(await client.change(uri, fixed)).toEqual([]);
    });

    test('quick fix: a frontend calling a backend directly goes through the gateway', async () => {
        const uri = pathToFileURL(path.join(workspace, 'bypass.arch')).toString();
        const text = [
            'architecture shop:',
            '    component load_balancer lb { public }',
            '    component frontend fe',
            '    component api_gateway gw { route "/api" -> be }',
            '    component backend be',
            '    component database be_db',
            '    connector http lb -> fe',
            '    connector http fe -> be',
            '    connector db_connector be -> be_db',
            ''
        ].join('\n');
        const diagnostics = await client.open(uri, text);
        const bypass = diagnostics.find(d => d.code === 'exposure/bypasses-gateway')!;
        expect(bypass).toBeDefined();
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
            textDocument: { uri }, range: bypass.range, context: { diagnostics: [bypass] }
        });
        const fix = actions.find(a => a.title.includes('through gateway'))!;
        const fixed = client.apply(uri, fix.edit!.changes![uri]!);
        expect(fixed).toContain('    connector http fe -> gw\n    connector http gw -> be\n');
        expect(codes(await client.change(uri, fixed))).not.toContain('exposure/bypasses-gateway');
    });
});

/** The 1-based line of the first occurrence of `needle`. */
function lineOf(text: string, needle: string): number {
    return positionOf(text, needle).line + 1;
}

/** Where each result points: `file:line:col` (1-based), sorted. */
function places(locations: readonly Location[]): string[] {
    return locations.map(l => `${path.basename(l.uri)}:${l.range.start.line + 1}:${l.range.start.character + 1}`).sort();
}

describe.skipIf(!BUILT)('archgen lsp --stdio on a model in several files (examples/invoicing in a workspace folder)', () => {
    let folder: string;
    let outside: string;
    let client: Client;
    const file = (name: string) => pathToFileURL(path.join(folder, name)).toString();
    const read = (name: string) => readFileSync(path.join(folder, name), 'utf8');

    beforeAll(async () => {
        folder = mkdtempSync(path.join(tmpdir(), 'archgen-lsp-split-'));
        outside = mkdtempSync(path.join(tmpdir(), 'archgen-lsp-outside-'));
        cpSync(path.join(ROOT, 'examples/invoicing'), folder, { recursive: true });
        client = await startServer(folder, folder);
    });

    afterAll(async () => {
        if (client) await stopServer(client);
        rmSync(folder, { recursive: true, force: true });
        rmSync(outside, { recursive: true, force: true });
    });

    test('the entry point opens clean: the files it imports are read from the workspace folder', async () => {
        expect(await client.open(file('invoicing.arch'), read('invoicing.arch'))).toEqual([]);
        expect(await client.open(file('services.arch'), read('services.arch'))).toEqual([]);
    });

    test('definition: a name declared in an imported file goes to that file', async () => {
        const text = read('invoicing.arch');
        const position = positionOf(text, 'invoicing_gw -> accounts', 1, 'invoicing_gw -> '.length + 1);
        const result = await client.request<(Location | LocationLink)[] | Location>('textDocument/definition', { textDocument: { uri: file('invoicing.arch') }, position });
        const target = Array.isArray(result) ? result[0]! : result;
        const [uri, start] = 'targetUri' in target ? [target.targetUri, target.targetSelectionRange.start] : [target.uri, target.range.start];
        expect(uri).toBe(file('services.arch'));
        expect(start).toEqual(positionOf(read('services.arch'), 'component backend accounts', 1, 'component backend '.length));
    });

    test('references: the uses of a database in every file', async () => {
        const data = read('data.arch');
        const position = positionOf(data, 'component database billing_db', 1, 'component database '.length + 1);
        const result = await client.request<Location[]>('textDocument/references', {
            textDocument: { uri: file('data.arch') }, position, context: { includeDeclaration: true }
        });
        expect(places(result)).toEqual([`data.arch:${lineOf(data, 'component database billing_db')}:24`, `services.arch:${lineOf(read('services.arch'), '-> billing_db')}:39`]);
    });

    test('rename across files: the declaration in one file, the uses in two others', async () => {
        const services = read('services.arch');
        const position = positionOf(services, 'component backend billing', 1, 'component backend '.length);
        const result = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: file('services.arch') }, position, newName: 'ledger' });
        const changes = result.changes!;
        expect(Object.keys(changes).map(u => path.basename(u)).sort()).toEqual(['invoicing.arch', 'services.arch']);
        // Every use outside comments: the declaration, its db_connector and its message_queue.
        expect(changes[file('services.arch')]).toHaveLength(3);
        expect(changes[file('invoicing.arch')]).toHaveLength(1);
        const renamedServices = client.apply(file('services.arch'), changes[file('services.arch')]!);
        const renamedEntry = client.apply(file('invoicing.arch'), changes[file('invoicing.arch')]!);
        expect(renamedEntry).toContain('connector http invoicing_gw -> ledger');
        expect(renamedServices).toContain('connector db_connector ledger -> billing_db');
        // Applied in both files, the model is clean again.
        await client.change(file('services.arch'), renamedServices);
        await client.change(file('invoicing.arch'), renamedEntry);
        await client.until(file('invoicing.arch'), 'no diagnostics', list => list.length === 0);
        await client.until(file('services.arch'), 'no diagnostics', list => list.length === 0);
        await client.change(file('services.arch'), services);
        await client.change(file('invoicing.arch'), read('invoicing.arch'));
        await client.until(file('invoicing.arch'), 'no diagnostics', list => list.length === 0);
    });

    test('an edit in an imported file re-checks the importing file', async () => {
        const entry = file('invoicing.arch');
        const services = read('services.arch');
        await client.change(file('services.arch'), services.replace('component backend accounts', 'component backend accounting'));
        // The connector to the renamed service no longer resolves (and the gateway lost the issuer of its tokens).
        const diagnostics = await client.until(entry, 'reference/unknown-component', list => codes(list).includes('reference/unknown-component'));
        const unknown = diagnostics.filter(d => d.code === 'reference/unknown-component');
        expect(unknown.map(d => d.range.start)).toEqual([positionOf(read('invoicing.arch'), 'invoicing_gw -> accounts', 1, 'invoicing_gw -> '.length)]);
        expect(unknown[0]!.data).toEqual({ code: 'reference/unknown-component', suggestion: 'accounting' });
        await client.change(file('services.arch'), services);
        await client.until(entry, 'no diagnostics', list => list.length === 0);
    });

    test('completion in a connector offers the components of imported files', async () => {
        const base = read('invoicing.arch');
        const text = `${base}\n    connector db_connector accounts -> \n`;
        await client.change(file('invoicing.arch'), text);
        const position = positionOf(text, 'accounts -> \n', 1, 'accounts -> '.length);
        const result = await client.request<CompletionList | CompletionItem[]>('textDocument/completion', { textDocument: { uri: file('invoicing.arch') }, position });
        expect(labels(result).sort()).toEqual(['accounts_db', 'billing_db', 'mail_db']);
        await client.change(file('invoicing.arch'), base);
    });

    test('hover lists the connections of a component from every file', async () => {
        const text = read('invoicing.arch');
        const position = positionOf(text, 'invoicing_gw -> billing', 1, 'invoicing_gw -> '.length + 1);
        const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: file('invoicing.arch') }, position });
        const value = (hover.contents as { value: string }).value;
        expect(value).toContain('http ← `invoicing_gw`');
        expect(value).toContain('db_connector → `billing_db`');
        expect(value).toContain('message_queue → `mailer`');
    });

    test('document symbols: the imports come first in the outline', async () => {
        const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: file('services.arch') } });
        expect(symbols.slice(0, 2).map(s => `${s.name}:${s.detail}`)).toEqual(['data.arch:import', 'accounts:backend']);
    });

    test('document links: an import path opens the file it names', async () => {
        const links = await client.request<{ range: { start: { line: number; character: number } }; target: string }[]>(
            'textDocument/documentLink', { textDocument: { uri: file('invoicing.arch') } });
        expect(links.map(l => [l.range.start, l.target])).toEqual([
            [positionOf(read('invoicing.arch'), '"services.arch"'), file('services.arch')]
        ]);
    });

    test('an import of a missing file is an error at the import, gone once the import is right', async () => {
        const entry = file('invoicing.arch');
        const text = read('invoicing.arch');
        const broken = text.replace('import "services.arch"', 'import "service.arch"');
        const diagnostics = await client.change(entry, broken);
        expect(codes(diagnostics)).toContain('import/not-found');
        const notFound = diagnostics.find(d => d.code === 'import/not-found')!;
        expect(notFound.range.start).toEqual(positionOf(broken, '"service.arch"'));
        expect(notFound.data).toEqual({ code: 'import/not-found', suggestion: 'services.arch' });
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
            textDocument: { uri: entry }, range: notFound.range, context: { diagnostics: [notFound] }
        });
        const fix = actions.find(a => a.title === "Import 'services.arch'")!;
        expect(fix.isPreferred).toBe(true);
        const fixed = client.apply(entry, fix.edit!.changes![entry]!);
        expect(fixed).toBe(text);
        expect(await client.change(entry, fixed)).toEqual([]);
    });

    test('the server and `archgen check` agree on every file of the model', async () => {
        const changed = {
            'invoicing.arch': read('invoicing.arch').replace('    component frontend portal', '    component backend billing\n    component frontend portal'),
            'data.arch': `${read('data.arch')}\n    component database orphan_db\n`
        };
        for (const [name, text] of Object.entries(changed)) writeFileSync(path.join(folder, name), text);
        try {
            await client.change(file('invoicing.arch'), changed['invoicing.arch']);
            await client.open(file('data.arch'), changed['data.arch']);
            const expectedCodes = { 'invoicing.arch': 'component/duplicate-name', 'data.arch': 'component/unconnected' };
            for (const [name, code] of Object.entries(expectedCodes)) await client.until(file(name), code, list => codes(list).includes(code));
            const cli = spawnSync(process.execPath, [BIN, 'check', '--format', 'json', '.'], { cwd: folder, encoding: 'utf8', timeout: WAIT_MS });
            const report = JSON.parse(cli.stdout) as { files: { file: string; diagnostics: { line: number; column: number; code: string }[] }[] };
            const fromCli = Object.fromEntries(report.files.map(f => [f.file, f.diagnostics.map(d => `${d.line}:${d.column} ${d.code}`)]));
            const fromServer = Object.fromEntries(['data.arch', 'invoicing.arch', 'services.arch'].map(name => [name,
                client.current(file(name)).map(d => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`)]));
            expect(fromCli).toEqual(fromServer);
            expect(fromCli['invoicing.arch']).toContain(`${lineOf(changed['invoicing.arch'], 'component backend billing')}:23 component/duplicate-name`);
            expect(fromCli['data.arch']).toEqual([`${lineOf(changed['data.arch'], 'orphan_db')}:24 component/unconnected`]);
        } finally {
            cpSync(path.join(ROOT, 'examples/invoicing'), folder, { recursive: true });
            await client.change(file('data.arch'), read('data.arch'));
            await client.change(file('invoicing.arch'), read('invoicing.arch'));
            await client.until(file('invoicing.arch'), 'no diagnostics', list => list.length === 0);
        }
    });

    test('a file outside the workspace folders is read from disk when an open file imports it', async () => {
        writeFileSync(path.join(outside, 'data.arch'), 'architecture extra:\n    component database extra_db\n');
        const uri = pathToFileURL(path.join(outside, 'extra.arch')).toString();
        const text = 'architecture extra:\n    import "data.arch"\n\n    component backend extra\n    connector db_connector extra -> extra_db\n';
        expect(await client.open(uri, text)).toEqual([]);
        // Dropping the import leaves the name unresolved; restoring it resolves it again.
        expect(codes(await client.change(uri, text.replace('    import "data.arch"\n', '')))).toEqual(['reference/unknown-component']);
        expect(await client.change(uri, text)).toEqual([]);
    });
});
