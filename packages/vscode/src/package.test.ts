// Builds the .vsix the way `npm run package` does (the package's own build, then
// vsce --no-dependencies), reads it as the zip it is, and checks what VS Code
// will load: the manifest, the grammar, the bundles, and that the bundled
// language server and CLI run from the unpacked extension, outside the repository.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const repo = join(packageDir, '..', '..');
const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
const vsixPath = join(packageDir, `archgen-${version}.vsix`);

/** The entries of a zip file, from its central directory (stored or deflated). */
function readZip(zip: Buffer): Map<string, Buffer> {
    let eocd = zip.length - 22;
    while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
    if (eocd < 0) throw new Error('not a zip file: no end of central directory');
    const count = zip.readUInt16LE(eocd + 10);
    let offset = zip.readUInt32LE(eocd + 16);
    const entries = new Map<string, Buffer>();
    for (let i = 0; i < count; i++) {
        if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt central directory');
        const method = zip.readUInt16LE(offset + 10);
        const compressedSize = zip.readUInt32LE(offset + 20);
        const nameLength = zip.readUInt16LE(offset + 28);
        const extraLength = zip.readUInt16LE(offset + 30);
        const commentLength = zip.readUInt16LE(offset + 32);
        const local = zip.readUInt32LE(offset + 42);
        const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
        const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(dataStart, dataStart + compressedSize);
        entries.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
        offset += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
}

/** Rejects after `ms` with `what` in the message, so no wait is unbounded. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Manifest {
    main: string;
    activationEvents: string[];
    contributes: {
        languages: { id: string; extensions: string[]; configuration: string }[];
        grammars: { language: string; scopeName: string; path: string }[];
        commands: { command: string; title: string }[];
        configuration: { properties: Record<string, { type: string }> };
    };
}

describe('the VS Code extension package (.vsix)', () => {
    let entries: Map<string, Buffer>;
    let unpacked: string;

    beforeAll(async () => {
        rmSync(vsixPath, { force: true });
        // vsce runs the package's `vscode:prepublish` (type-check + esbuild + grammar) first.
        await promisify(execFile)('npm', ['run', 'package', '-w', 'archgen'], {
            cwd: repo,
            timeout: 240_000,
            maxBuffer: 64 * 1024 * 1024,
            env: { ...process.env, NO_COLOR: '1' }
        });
        entries = readZip(readFileSync(vsixPath));
        unpacked = mkdtempSync(join(tmpdir(), 'archgen-vsix-'));
        for (const [name, data] of entries) {
            if (name.endsWith('/')) continue;
            mkdirSync(dirname(join(unpacked, name)), { recursive: true });
            writeFileSync(join(unpacked, name), data);
        }
    }, 300_000);

    afterAll(() => {
        if (unpacked) rmSync(unpacked, { recursive: true, force: true });
    });

    const text = (name: string): string => {
        const data = entries.get(name);
        if (!data) throw new Error(`${name} is not in the .vsix`);
        return data.toString('utf8');
    };

    it('contributes the arch language, its grammar, the strict setting and the generate command', () => {
        const manifest = JSON.parse(text('extension/package.json')) as Manifest;
        expect(manifest.main).toBe('./dist/extension.cjs');
        expect(manifest.activationEvents).toContain('onLanguage:arch');
        const language = manifest.contributes.languages.find(l => l.id === 'arch');
        expect(language?.extensions).toContain('.arch');
        expect(entries.has(`extension/${language!.configuration.replace(/^\.\//, '')}`)).toBe(true);
        const grammar = manifest.contributes.grammars.find(g => g.language === 'arch');
        expect(grammar?.scopeName).toBe('source.arch');
        expect(entries.has(`extension/${grammar!.path.replace(/^\.\//, '')}`)).toBe(true);
        expect(manifest.contributes.commands.map(c => c.command)).toContain('archgen.generateSkeleton');
        expect(manifest.contributes.configuration.properties['archgen.strict']?.type).toBe('boolean');
    });

    it('holds the bundles, the grammar, the icon and the license, and no node_modules', () => {
        const names = [...entries.keys()];
        for (const name of ['dist/extension.cjs', 'dist/server.cjs', 'dist/cli.cjs', 'icon.png', 'LICENSE.txt']) {
            expect(names, name).toContain(`extension/${name}`);
        }
        expect(names.filter(n => n.includes('node_modules/'))).toEqual([]);
        expect(names.filter(n => /\.(ts|map)$/.test(n))).toEqual([]);
        const grammar = JSON.parse(text('extension/syntaxes/arch.tmLanguage.json')) as { scopeName: string };
        expect(grammar.scopeName).toBe('source.arch');
        const serialized = JSON.stringify(grammar);
        for (const scope of ['support.type.kind.arch', 'constant.numeric.quantity.arch', 'comment.block.documentation.arch', 'string.quoted.double.arch']) {
            expect(serialized).toContain(scope);
        }
        expect(serialized).toContain('load_balancer|api_gateway');
        JSON.parse(text('extension/language-configuration.json'));
    });

    /** Starts the unpacked server, opens `text`, returns its first non-empty diagnostics, and shuts it down. */
    async function diagnosticsOf(text: string, initializationOptions: object): Promise<{ severity?: number; code?: unknown }[]> {
        const server: ChildProcessWithoutNullStreams = spawn(process.execPath, [join(unpacked, 'extension', 'dist', 'server.cjs'), '--stdio'], {
            cwd: unpacked,
            stdio: ['pipe', 'pipe', 'pipe']
        });
        const exited = new Promise<number | null>(resolve => server.on('exit', code => resolve(code)));
        const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
        connection.listen();
        try {
            const uri = `file://${join(unpacked, 'shop.arch')}`;
            type Diagnostic = { severity?: number; code?: unknown };
            const diagnostics = new Promise<Diagnostic[]>(resolve => {
                connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
                    if (params.uri === uri && params.diagnostics.length > 0) resolve(params.diagnostics);
                });
            });
            const result = await within(
                connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
                    processId: process.pid,
                    rootUri: null,
                    workspaceFolders: null,
                    capabilities: {},
                    initializationOptions
                }),
                20_000,
                'initialize'
            );
            expect(result.capabilities['textDocumentSync']).toBeDefined();
            await connection.sendNotification('initialized', {});
            await connection.sendNotification('textDocument/didOpen', {
                textDocument: { uri, languageId: 'arch', version: 1, text }
            });
            const published = await within(diagnostics, 20_000, 'publishDiagnostics');
            await within(connection.sendRequest('shutdown'), 10_000, 'shutdown');
            await connection.sendNotification('exit');
            expect(await within(exited, 10_000, 'server exit')).toBe(0);
            return published;
        } finally {
            connection.dispose();
            if (server.exitCode === null) server.kill();
        }
    }

    const unconnected = 'architecture shop:\n    component backend shop_be\n';

    it('starts the bundled language server over stdio and publishes diagnostics', async () => {
        const misspelt = await diagnosticsOf('architecture shop:\n    component frontnd shop_fe\n', {});
        expect(misspelt.some(d => d.severity === 1)).toBe(true);
        const warnings = await diagnosticsOf(unconnected, { strict: false });
        expect(warnings.map(d => [d.code, d.severity])).toContainEqual(['component/unconnected', 2]);
    }, 60_000);

    it('reports warnings as errors with initializationOptions.strict (archgen.strict)', async () => {
        const strict = await diagnosticsOf(unconnected, { strict: true });
        expect(strict.map(d => [d.code, d.severity])).toContainEqual(['component/unconnected', 1]);
        expect(strict.filter(d => d.severity !== 1)).toEqual([]);
    }, 60_000);

    it('generates a skeleton with the bundled CLI, outside the repository', async () => {
        writeFileSync(join(unpacked, 'ecommerce.arch'), readFileSync(join(repo, 'examples', 'ecommerce.arch')));
        const cli = join(unpacked, 'extension', 'dist', 'cli.cjs');
        const { stdout } = await promisify(execFile)(process.execPath, [cli, 'generate', 'ecommerce.arch', '-o', 'out'], {
            cwd: unpacked,
            timeout: 60_000,
            env: { ...process.env, NO_COLOR: '1' }
        });
        expect(stdout).toMatch(/Generated \d+ files/);
        expect(existsSync(join(unpacked, 'out', 'docker-compose.yml'))).toBe(true);
        // Graphviz (WebAssembly) is in the bundle too: the skeleton has its diagram.
        expect(readFileSync(join(unpacked, 'out', 'diagram.svg'), 'utf8')).toContain('ecommerce_lb');
        expect(existsSync(join(unpacked, 'out', 'frontends', 'ecommerce-fe', 'public', 'vendor', 'bootstrap.min.css'))).toBe(true);
    }, 90_000);
});
