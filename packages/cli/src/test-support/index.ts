import { mkdtemp, open, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, vi, type MockInstance } from 'vitest';
import type { ArchitectureModel } from '@archgen/model';
import type { Dependencies } from '../context.js';
import type { GeneratedFile, GeneratorApi, SecretSpec } from '../generator.js';
import { createChecker, type Checker } from '../language.js';
import { run } from '../main.js';

/** The seed's original model, vendored unchanged into the test fixtures. */
export const SEED_MODEL = fileURLToPath(new URL('../../../../test/fixtures/seed/model.arch', import.meta.url));

/** The invoicing example: a model in three files (invoicing.arch imports services.arch, which imports data.arch). */
export const INVOICING_EXAMPLE = fileURLToPath(new URL('../../../../examples/invoicing/', import.meta.url));

/** Copies the invoicing example into a folder, optionally changing one of its files. */
export async function copyInvoicing(into: string, change?: { file: string; from: string; to: string }): Promise<void> {
    for (const file of ['invoicing.arch', 'services.arch', 'data.arch']) {
        let text = await readFile(path.join(INVOICING_EXAMPLE, file), 'utf8');
        if (change?.file === file) {
            if (!text.includes(change.from)) throw new Error(`'${change.from}' is not in ${file}`);
            text = text.replace(change.from, change.to);
        }
        await writeFile(path.join(into, file), text);
    }
}

/** The seed model with its one error fixed. */
export async function seedText(fixed = false): Promise<string> {
    const text = await readFile(SEED_MODEL, 'utf8');
    return fixed ? text.replace('mq_connector', 'message_queue') : text;
}

const temporaryFolders: string[] = [];

/** A fresh temporary folder, removed after the test. */
/**
 * Spies on FileHandle#sync, the flush of a written file to disk: its calls
 * count the flushes. Restore it (mockRestore) when done.
 */
export async function spyOnFlushes(): Promise<MockInstance<() => Promise<void>>> {
    const probe = await open(path.join(await tempDir(), 'probe'), 'w');
    const fileHandle = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
    await probe.close();
    return vi.spyOn(fileHandle, 'sync');
}

export async function tempDir(): Promise<string> {
    const folder = await mkdtemp(path.join(tmpdir(), 'archgen-cli-'));
    temporaryFolders.push(folder);
    return folder;
}

afterEach(async () => {
    await Promise.all(temporaryFolders.splice(0).map(folder => rm(folder, { recursive: true, force: true })));
});

let checker: Promise<Checker> | undefined;

/** One real checker for the whole test file (creating Langium services is the slow part). */
export function sharedChecker(): Promise<Checker> {
    checker ??= createChecker();
    return checker;
}

export interface RunResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

export interface RunOptions {
    readonly cwd: string;
    readonly env?: Record<string, string>;
    readonly tty?: boolean;
    readonly deps?: Partial<Dependencies>;
}

/** Runs `archgen <argv>` in-process and captures its output. */
export async function runCli(argv: readonly string[], options: RunOptions): Promise<RunResult> {
    let stdout = '';
    let stderr = '';
    const code = await run(
        argv,
        {
            stdout: { write: text => (stdout += text) },
            stderr: { write: text => (stderr += text) },
            cwd: options.cwd,
            env: options.env ?? {},
            stdoutIsTTY: options.tty ?? false,
            stderrIsTTY: options.tty ?? false
        },
        { createChecker: sharedChecker, ...options.deps }
    );
    return { code, stdout, stderr };
}

/** The stand-in diagram: names every component, so tests can tell which model it drew. */
export function fakeDiagram(model: ArchitectureModel, format: 'svg' | 'dot' | 'mermaid'): string {
    const names = model.components.map(c => c.name);
    if (format === 'svg') return `<svg xmlns="http://www.w3.org/2000/svg">${names.map(n => `<text>${n}</text>`).join('')}</svg>\n`;
    return `${format === 'dot' ? 'digraph' : 'flowchart'} ${model.name}: ${names.join(' ')}\n`;
}

/**
 * A stand-in for @archgen/generator with the same API: a compose file, one
 * source file per backend, an executable script, `diagram.svg` when given
 * the rendered diagram, and secrets. `omit` drops paths, to simulate a file
 * that is no longer generated.
 */
export function fakeGenerator(options: { omit?: readonly string[]; extra?: readonly GeneratedFile[] } = {}): GeneratorApi {
    return {
        listTargets: () => ['compose'],
        diagram: (model, format) => fakeDiagram(model, format),
        renderDiagramSvg: model => Promise.resolve(fakeDiagram(model, 'svg')),
        generate(model: ArchitectureModel, generateOptions) {
            const files: GeneratedFile[] = [
                {
                    path: 'docker-compose.yml',
                    content: `name: ${model.projectName}\nservices:\n${model.components.map(c => `  ${c.serviceName}: {}\n`).join('')}`
                },
                ...model.components
                    .filter(c => c.kind === 'backend')
                    .map(c => ({ path: `services/${c.serviceName}/index.ts`, content: `// ${c.name}\nexport const name = '${c.name}';\n` })),
                { path: 'scripts/start.sh', content: '#!/bin/sh\ndocker compose up\n', executable: true },
                ...(generateOptions.diagram ? [{ path: 'diagram.svg', content: generateOptions.diagram.svg }] : []),
                ...(options.extra ?? [])
            ];
            const secrets: SecretSpec[] = [
                { name: 'POSTGRES_USER', description: 'Database user.', kind: 'username', suggested: 'app' },
                { name: 'POSTGRES_PASSWORD', description: 'Database password.', kind: 'password' },
                { name: 'JWT_SECRET', description: 'Signs the gateway tokens.', kind: 'jwt-secret' }
            ];
            return { files: files.filter(f => !options.omit?.includes(f.path)), secrets };
        }
    };
}

/** Every file below `folder` (relative path -> bytes), symbolic links and folders excluded. */
export async function snapshot(folder: string): Promise<Map<string, { content: Buffer; mtimeMs: number; mode: number }>> {
    const result = new Map<string, { content: Buffer; mtimeMs: number; mode: number }>();
    const entries = await readdir(folder, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
        if (!entry.isFile()) continue;
        const absolute = path.join(entry.parentPath, entry.name);
        const stats = await stat(absolute);
        result.set(path.relative(folder, absolute).split(path.sep).join('/'), {
            content: await readFile(absolute),
            mtimeMs: stats.mtimeMs,
            mode: stats.mode & 0o777
        });
    }
    return new Map([...result].sort(([a], [b]) => (a < b ? -1 : 1)));
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\x1b\[/;
