// @ts-check
/**
 * Diagnostics latency of `archgen lsp --stdio` as an editor sees it: the
 * built binary is spawned and spoken to over JSON-RPC (as test/lsp.test.ts
 * does). For a synthetic model: the time from `didOpen` to its first
 * `publishDiagnostics`, then from each `didChange` (full text, one replica
 * count changed: the server re-parses that component only) to the
 * diagnostics of that version, then the same for edits between components
 * (one added and removed again: the server re-parses the whole file).
 *
 *   node bench/lsp.mjs <components> [edits]   prints one JSON object
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { syntheticModel } from './synthetic.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// ARCHGEN_BENCH_BIN: another build's bin/archgen.js (to compare before and after a change).
const BIN = process.env['ARCHGEN_BENCH_BIN'] ?? path.join(ROOT, 'packages/cli/bin/archgen.js');
const WAIT_MS = 120_000;

/**
 * @param {{ components: number, edits?: number }} options
 * @returns {Promise<{ components: number, openMs: number, editMs: number[], fullEditMs: number[], diagnostics: number, serverPeakRssMiB?: number }>}
 */
export async function measureLsp({ components, edits = 5 }) {
    const workspace = mkdtempSync(path.join(tmpdir(), 'archgen-bench-lsp-'));
    const uri = pathToFileURL(path.join(workspace, 'synthetic.arch')).toString();
    const text = syntheticModel({ components });
    const nodeArgs = (process.env['ARCHGEN_BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, BIN, 'lsp', '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    /** @type {string[]} */
    const stderr = [];
    child.stderr.on('data', chunk => stderr.push(String(chunk)));
    const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    /** @type {Map<number, (diagnostics: unknown[]) => void>} */
    const waiting = new Map();
    let diagnostics = 0;
    rpc.onNotification('textDocument/publishDiagnostics', (/** @type {{ uri: string, version?: number, diagnostics: unknown[] }} */ params) => {
        if (params.uri !== uri) return;
        diagnostics = params.diagnostics.length;
        // Langium publishes the version it validated; without one, the latest wait is the one answered.
        const version = params.version ?? Math.max(...waiting.keys());
        waiting.get(version)?.(params.diagnostics);
        waiting.delete(version);
    });
    rpc.onRequest('workspace/configuration', (/** @type {{ items: unknown[] }} */ params) => params.items.map(() => null));
    rpc.onRequest('client/registerCapability', () => null);
    rpc.onRequest('window/workDoneProgress/create', () => null);
    rpc.listen();
    const published = (/** @type {number} */ version) => within(new Promise(resolve => waiting.set(version, resolve)), `diagnostics of version ${version}`);
    try {
        await within(rpc.sendRequest('initialize', {
            processId: process.pid, rootUri: null, workspaceFolders: null,
            capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } }
        }), 'initialize');
        void rpc.sendNotification('initialized', {});

        let version = 1;
        let started = performance.now();
        let done = published(version);
        void rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'arch', version, text } });
        await done;
        const openMs = performance.now() - started;

        /** @type {number[]} */
        const editMs = [];
        for (let i = 0; i < edits; i++) {
            version++;
            // Change one replica count in the middle of the model: a typical edit, the model stays valid.
            const changed = text.replace(/component frontend (b\d+_fe) \{ replicas 2 \}/, (_m, name) => `component frontend ${name} { replicas ${3 + (i % 5)} }`);
            started = performance.now();
            done = published(version);
            void rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: changed }] });
            await done;
            editMs.push(performance.now() - started);
        }

        // An edit between elements (a component added, then removed again): the server parses the whole file.
        /** @type {number[]} */
        const fullEditMs = [];
        const at = text.indexOf('\n    component', text.length >> 1);
        // In pairs (added, removed), so that the model ends as it began.
        for (let i = 0; i < 2 * Math.ceil(edits / 2); i++) {
            version++;
            const changed = i % 2 === 0 ? `${text.slice(0, at)}\n    component backend bench_added_${i}${text.slice(at)}` : text;
            started = performance.now();
            done = published(version);
            void rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: changed }] });
            await done;
            fullEditMs.push(performance.now() - started);
        }
        await within(rpc.sendRequest('shutdown', null), 'shutdown');
        void rpc.sendNotification('exit');
        await within(new Promise(resolve => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve))), 'the server to exit');
        return { components, openMs: round(openMs), editMs: editMs.map(round), fullEditMs: fullEditMs.map(round), diagnostics };
    } catch (error) {
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderr.join('').slice(-2000)}`);
    } finally {
        rpc.dispose();
        setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 2000).unref();
        rmSync(workspace, { recursive: true, force: true });
    }
}

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {string} what
 * @returns {Promise<T>}
 */
function within(promise, what) {
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`)), WAIT_MS);
    });
    return /** @type {Promise<T>} */ (Promise.race([promise, timeout]).finally(() => clearTimeout(timer)));
}

/** @param {number} x */
function round(x) {
    return Math.round(x * 10) / 10;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
    const components = Number(process.argv[2] ?? '1000');
    const edits = Number(process.argv[3] ?? '5');
    console.log(JSON.stringify(await measureLsp({ components, edits })));
}
