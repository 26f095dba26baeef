import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { colorsFor } from '../colors.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-code.js';
import { formatDiagnostics, formatSummary } from '../formatters/index.js';
import { CliError, describeFsError, isFsError } from '../io.js';
import { checkFiles, displayPath, readSources } from '../load.js';
import { writeFileAtomic } from '../write/atomic.js';

export const DIAGRAM_FORMATS = ['svg', 'dot', 'mermaid'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

interface DiagramOptions {
    readonly format?: DiagramFormat;
    readonly output?: string;
}

/** The format a file name asks for: `.svg`, `.dot` or `.gv`, `.mmd` or `.mermaid`. */
export function formatOfFile(file: string): DiagramFormat | undefined {
    const extension = path.extname(file).toLowerCase();
    if (extension === '.svg') return 'svg';
    if (extension === '.dot' || extension === '.gv') return 'dot';
    if (extension === '.mmd' || extension === '.mermaid') return 'mermaid';
    return undefined;
}

export function registerDiagram(program: Command, context: CommandContext): void {
    program
        .command('diagram')
        .description('Check a model and draw its architecture diagram.')
        .argument('<model>', 'the .arch model')
        .addOption(new Option('--format <format>', 'svg, dot (Graphviz) or mermaid (default: from the -o extension, else svg)').choices(DIAGRAM_FORMATS))
        .option('-o, --output <file>', 'write the diagram to this file (atomically) instead of stdout')
        .addHelpText(
            'after',
            `
The diagram shows the components in their network zones (edge, app, data), a shape
and colour per kind, replicas as xN, the public entries and their ports, the
connectors as solid (http), dashed (db_connector) and dotted (message_queue, through
its channel) lines, and a legend. The same model always gives the same bytes.

Diagnostics go to stderr as in 'archgen check' (stdout carries the diagram); a model
with errors draws nothing.

Exit codes: 0 drawn, 1 the model has errors, 2 usage or I/O error.`
        )
        .action(async (model: string, options: DiagramOptions) => {
            context.exitCode = await diagram(model, options, context);
        });
}

async function diagram(model: string, options: DiagramOptions, { io, deps }: CommandContext): Promise<ExitCode> {
    const format = options.format ?? (options.output !== undefined ? formatOfFile(options.output) : undefined) ?? 'svg';
    const modelPath = path.resolve(io.cwd, model);
    const modelStats = await stat(modelPath).catch((error: unknown) => {
        throw new CliError(`cannot read '${model}': ${describeFsError(error)}`);
    });
    if (modelStats.isDirectory()) throw new CliError(`cannot read '${model}': is a directory`);

    const checker = await deps.createChecker();
    const [source] = await readSources([modelPath], io.cwd, checker);
    const report = await checkFiles([source!], checker, io.cwd);
    // The model and the files it imports: an error in any of them stops the drawing.
    const checked = report.files.find(f => !f.imported)!.result;
    if (report.summary.errors + report.summary.warnings > 0) {
        const colors = colorsFor(io.stderrIsTTY, io.env);
        io.stderr.write(`${formatDiagnostics(report, colors)}${formatSummary(report.summary)}\n`);
    }
    if (report.summary.errors > 0) return ExitCode.ModelErrors;
    if (!checked.model) throw new Error(`the model of '${model}' has no errors but no IR was built`);

    const generator = await deps.loadGenerator();
    const text = format === 'svg' ? await generator.renderDiagramSvg(checked.model) : generator.diagram(checked.model, format);

    if (options.output === undefined) {
        io.stdout.write(text);
        return ExitCode.Success;
    }
    const output = path.resolve(io.cwd, options.output);
    const display = displayPath(io.cwd, output);
    try {
        await mkdir(path.dirname(output), { recursive: true });
        await writeFileAtomic(output, text);
    } catch (error) {
        const reason = isFsError(error, 'EISDIR') || (await isDirectory(output)) ? 'is a directory' : describeFsError(error);
        throw new CliError(`cannot write '${display}': ${reason}`);
    }
    io.stdout.write(`Wrote ${display} (${format}, ${checked.model.components.length} components)\n`);
    return ExitCode.Success;
}

async function isDirectory(file: string): Promise<boolean> {
    return stat(file).then(
        s => s.isDirectory(),
        () => false
    );
}
