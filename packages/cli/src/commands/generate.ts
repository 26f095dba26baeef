import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { colorsFor } from '../colors.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-code.js';
import { formatDiagnostics, formatSummary } from '../formatters/index.js';
import { CliError, describeFsError, type OutputStream } from '../io.js';
import { checkFiles, displayPath, readSources } from '../load.js';
import { targetIds } from '../generator.js';
import { VERSION } from '../version.js';
import { applyPlan } from '../write/apply.js';
import { planWrite } from '../write/plan.js';
import { formatWriteReport } from '../write/report.js';

/** Above this many components, `generate` writes no diagram.svg (`diagram` still draws one on request). */
export const DIAGRAM_LIMIT = 1000;

interface GenerateOptions {
    readonly output?: string;
    readonly target: string;
    readonly dryRun?: boolean;
    readonly force?: boolean;
}

export function registerGenerate(program: Command, context: CommandContext): void {
    program
        .command('generate')
        .description('Check a model and generate its system skeleton.')
        .argument('<model>', 'the .arch model')
        .option('-o, --output <dir>', 'output folder (default: out/<project name>)')
        .option('--target <target>', 'what to generate: compose, k8s (Kubernetes manifests) or all (both, in one folder)', 'compose')
        .option('--dry-run', 'print what would be created, updated, kept or removed; write nothing')
        .option('--force', 'overwrite files you edited instead of writing <file>.new beside them')
        .addHelpText(
            'after',
            `
Diagnostics go to stdout as in 'archgen check'; a model with errors writes nothing.
--target k8s writes k8s/ and kustomization.yaml (apply with 'kubectl apply -k <dir>');
--target all writes them beside docker-compose.yml, the files both use written once.
Regeneration keeps your edits: a generated file you changed (or a file archgen did not
write) is kept and the new version written beside it as <file>.new, unless --force.
Generated files you did not edit and that are no longer generated are removed.
.env keeps its values; missing secrets are added with random values (mode 0600).

Exit codes: 0 generated, 1 the model has errors, 2 usage or I/O error.`
        )
        .action(async (model: string, options: GenerateOptions) => {
            context.exitCode = await generate(model, options, context);
        });
}

async function generate(model: string, options: GenerateOptions, { io, deps }: CommandContext): Promise<ExitCode> {
    const modelPath = path.resolve(io.cwd, model);
    const modelStats = await stat(modelPath).catch((error: unknown) => {
        throw new CliError(`cannot read '${model}': ${describeFsError(error)}`);
    });
    if (modelStats.isDirectory()) throw new CliError(`cannot read '${model}': is a directory`);

    const colors = colorsFor(io.stdoutIsTTY, io.env);
    const checker = await deps.createChecker();
    const [source] = await readSources([modelPath], io.cwd, checker);
    const report = await checkFiles([source!], checker, io.cwd);
    // The model and the files it imports: an error in any of them stops generation.
    const checked = report.files.find(f => !f.imported)!.result;
    if (report.summary.errors + report.summary.warnings > 0) {
        io.stdout.write(`${formatDiagnostics(report, colors)}${formatSummary(report.summary)}\n`);
    }
    if (report.summary.errors > 0) return ExitCode.ModelErrors;
    if (!checked.model) throw new Error(`the model of '${model}' has no errors but no IR was built`);

    const generator = await deps.loadGenerator();
    const targets = targetIds(generator);
    if (!targets.includes(options.target)) {
        throw new CliError(`unknown target '${options.target}': expected one of ${targets.join(', ')}`);
    }
    // generate() is synchronous; the diagram is laid out here (WebAssembly) and handed in, unless the model is
    // too large for a picture to help (layout time grows faster than the model: 12,000 components take ~45 s).
    const draw = checked.model.components.length <= DIAGRAM_LIMIT;
    const diagram = draw ? { svg: await generator.renderDiagramSvg(checked.model) } : undefined;
    const result = generator.generate(checked.model, { target: options.target, ...(diagram ? { diagram } : {}) });

    const output = path.resolve(io.cwd, options.output ?? path.join('out', checked.model.projectName));
    const plan = await planWrite({
        root: output,
        files: result.files,
        secrets: result.secrets,
        force: options.force === true,
        manifest: {
            generator: 'archgen',
            version: VERSION,
            model: path.relative(output, modelPath).split(path.sep).join('/'),
            target: options.target
        }
    });
    if (!options.dryRun) {
        const progress = io.stderrIsTTY ? new ProgressLine(io.stderr) : undefined;
        try {
            await applyPlan(plan, progress?.update);
        } finally {
            progress?.clear();
        }
    }
    if (!draw) {
        io.stdout.write(
            `No diagram.svg: ${checked.model.components.length} components are more than ${DIAGRAM_LIMIT}; 'archgen diagram' draws it anyway.\n`
        );
    }
    io.stdout.write(formatWriteReport(plan, { outputDisplay: displayPath(io.cwd, output), dryRun: options.dryRun === true, colors }));
    return ExitCode.Success;
}

/** `[12/340] writing <path>` redrawn in place on a TTY stderr, erased when done. */
class ProgressLine {
    private shown = false;

    constructor(private readonly stream: OutputStream) {}

    readonly update = (done: number, total: number, file: string): void => {
        this.stream.write(`\r\x1b[K[${done}/${total}] writing ${file}`);
        this.shown = true;
    };

    clear(): void {
        if (this.shown) this.stream.write('\r\x1b[K');
    }
}
