import { existsSync, statSync } from 'node:fs';
import { lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-code.js';
import { CliError, describeFsError, isFsError } from '../io.js';
import { displayPath } from '../load.js';

/** The starter models: one folder each under `templates/init/`. */
export const INIT_TEMPLATES = ['minimal', 'lab', 'ecommerce'] as const;
export type InitTemplate = (typeof INIT_TEMPLATES)[number];

interface InitOptions {
    readonly template: InitTemplate;
}

/** What `templates/init/<template>/` holds: the template file and the name of the file it becomes. */
const FILES = [
    { template: 'model.arch.hbs', output: (name: string) => `${name}.arch` },
    { template: 'README.md.hbs', output: () => 'README.md' }
] as const;

export function registerInit(program: Command, context: CommandContext): void {
    program
        .command('init')
        .description('Start a model: write <name>.arch and a README.md into a folder.')
        .argument('[dir]', 'the folder (created if missing); its name names the model', '.')
        .addOption(new Option('--template <template>', 'the starter model').choices(INIT_TEMPLATES).default('minimal'))
        .addHelpText(
            'after',
            `
Templates:
  minimal    load balancer, pages, gateway, one service with one entity in its database
  lab        the course lab: gateway -> load balancer -> two replicated backends, a database each
  ecommerce  the e-commerce example: five services, authentication, payments through a broker

Never overwrites a file: if one of them exists, nothing is written.

Exit codes: 0 written, 2 a file exists already, or usage or I/O error.`
        )
        .action(async (dir: string, options: InitOptions) => {
            context.exitCode = await init(dir, options, context);
        });
}

async function init(dir: string, options: InitOptions, { io }: CommandContext): Promise<ExitCode> {
    const folder = path.resolve(io.cwd, dir);
    const name = modelNameFor(path.basename(folder));
    const values = { name, file: `${name}.arch` };
    const source = path.join(findInitTemplates(), options.template);
    const files = await Promise.all(
        FILES.map(async file => ({
            absolute: path.join(folder, file.output(name)),
            content: render(await readFile(path.join(source, file.template), 'utf8'), values)
        }))
    );
    for (const file of files) {
        const present = await exists(file.absolute).catch((error: unknown) => {
            throw new CliError(`cannot create '${displayPath(io.cwd, folder)}': ${describeFsError(error)}`);
        });
        if (present) {
            throw new CliError(`refusing to overwrite '${displayPath(io.cwd, file.absolute)}': it exists already; nothing was written`);
        }
    }
    await mkdir(folder, { recursive: true }).catch((error: unknown) => {
        throw new CliError(`cannot create '${displayPath(io.cwd, folder)}': ${describeFsError(error)}`);
    });
    for (const file of files) {
        const shown = displayPath(io.cwd, file.absolute);
        // 'wx': even a file created since the check above is never overwritten.
        await writeFile(file.absolute, file.content, { flag: 'wx' }).catch((error: unknown) => {
            throw new CliError(isFsError(error, 'EEXIST') ? `refusing to overwrite '${shown}': it exists already` : `cannot write '${shown}': ${describeFsError(error)}`);
        });
        io.stdout.write(`Created ${shown}\n`);
    }
    const model = shellWord(displayPath(io.cwd, files[0]!.absolute));
    const output = shellWord(displayPath(io.cwd, path.join(folder, 'out')));
    io.stdout.write(`Next: archgen check ${model} && archgen generate ${model} -o ${output}\n`);
    return ExitCode.Success;
}

/** A path as a shell word: quoted when it holds anything but letters, digits and `_ . / -`. */
function shellWord(text: string): string {
    return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Words that cannot name an architecture (or are better not used as one). */
const RESERVED = new Set([
    'architecture', 'component', 'connector', 'public', 'primary', 'required', 'optional', 'unique', 'indexed',
    'default', 'min', 'max', 'references', 'true', 'false', 'rate_limit', 'max_body', 'max_fails', 'fail_timeout',
    'validate_card'
]);

/**
 * The model's name from its folder's name: ASCII lower case, accents removed,
 * every other run of characters `_`, starting with a letter, at most 40
 * characters, never a reserved word: `Lab 3` -> `lab_3`, `2024-lab` -> `model_2024_lab`.
 */
export function modelNameFor(folderName: string): string {
    const ascii = folderName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    let name = ascii.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
    if (name === '') return 'model';
    if (!/^[a-z]/.test(name)) name = `model_${name}`;
    name = name.slice(0, 40).replace(/_+$/, '');
    return RESERVED.has(name) ? `${name}_model` : name;
}

/** Replaces `{{key}}`; a placeholder without a value is a bug in the template. */
export function render(template: string, values: Readonly<Record<string, string>>): string {
    return template.replace(/\{\{\s*([A-Za-z_]\w*)\s*\}\}/g, (match, key: string) => {
        const value = values[key];
        if (value === undefined) throw new Error(`init template placeholder ${match} has no value`);
        return value;
    });
}

/** `templates/init/`, found by walking up from this module (from `src/` under vitest and from `dist/`). */
export function findInitTemplates(start = path.dirname(fileURLToPath(import.meta.url))): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        const candidate = path.join(dir, 'templates', 'init');
        if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
        if (path.dirname(dir) === dir) throw new Error(`no 'templates/init' folder found above ${start}`);
    }
}

async function exists(file: string): Promise<boolean> {
    try {
        await lstat(file);
        return true;
    } catch (error) {
        if (isFsError(error, 'ENOENT')) return false;
        throw error;
    }
}
