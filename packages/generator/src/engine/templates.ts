import Handlebars from 'handlebars';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerHelpers } from '../helpers.js';
import { type PrecompiledTemplates, precompiledTemplates } from './precompiled.js';

/** How every template is compiled, at run time or at build time (scripts/precompile-templates.mjs). */
export const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;
const PARTIALS_DIR = '_partials';
/** `templates/init/` holds the starter models of `archgen init`, which fills them in itself. */
const NOT_HANDLEBARS_DIR = 'init';

/**
 * Finds the `templates/` folder by walking up from `start` (this module's
 * folder by default), so the same code works from `src/` under vitest and
 * from `dist/` once built.
 */
export function findTemplatesRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
    for (let dir = start; ; dir = dirname(dir)) {
        const candidate = join(dir, 'templates');
        if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
        if (dirname(dir) === dir) throw new Error(`No 'templates' folder found above ${start}.`);
    }
}

/**
 * The templates of one folder, compiled on first use. Every `_partials/x.hbs`
 * below the root is a partial named by its folder: `compose/_partials/service.hbs`
 * is `{{> compose/service}}`. A template precompiled from exactly the source in
 * its file is used as is; any other is compiled from the file.
 */
export class TemplateSet {
    private readonly handlebars = Handlebars.create();
    private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

    constructor(readonly root: string, private readonly precompiled: PrecompiledTemplates = precompiledTemplates) {
        registerHelpers(this.handlebars);
        for (const file of handlebarsFiles(root).filter(f => f.split('/').includes(PARTIALS_DIR))) {
            const name = file.replace(`${PARTIALS_DIR}/`, '').replace(/\.hbs$/, '');
            this.handlebars.registerPartial(name, this.load(file));
        }
    }

    render(template: string, view: object): string {
        let compiled = this.compiled.get(template);
        if (!compiled) {
            compiled = this.load(template);
            this.compiled.set(template, compiled);
        }
        try {
            return compiled(view);
        } catch (error) {
            throw new Error(`Template '${template}' failed: ${error instanceof Error ? error.message : String(error)}`);
        }
    }

    private load(file: string): Handlebars.TemplateDelegate {
        const source = readTemplate(this.root, file);
        const precompiled = this.precompiled[file];
        return precompiled !== undefined && precompiled.sha256 === sourceHash(source)
            ? this.handlebars.template(precompiled.spec)
            : this.handlebars.compile(source, COMPILE_OPTIONS);
    }
}

const sets = new Map<string, TemplateSet>();

/** One compiled set per templates folder, shared by every generate() call. */
export function templateSet(root: string = findTemplatesRoot()): TemplateSet {
    let set = sets.get(root);
    if (!set) {
        set = new TemplateSet(root);
        sets.set(root, set);
    }
    return set;
}

/** A template's source as it is compiled: line ends normalised to `\n`. */
export function readTemplate(root: string, file: string): string {
    try {
        return readFileSync(join(root, ...file.split('/')), 'utf8').replace(/\r\n/g, '\n');
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`Template '${file}' not found in ${root}.`);
        throw error;
    }
}

/** What a precompiled template is checked against: the SHA-256 of its source, hex. */
export function sourceHash(source: string): string {
    return createHash('sha256').update(source).digest('hex');
}

/** Every Handlebars template below `root` (`.hbs`, outside `init/`), as sorted POSIX paths relative to it. */
export function handlebarsFiles(root: string): string[] {
    const files: string[] = [];
    const walk = (dir: string, prefix: string): void => {
        const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const entry of entries) {
            const path = `${prefix}${entry.name}`;
            const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && statSync(join(dir, entry.name)).isDirectory());
            if (isDirectory) {
                if (path !== NOT_HANDLEBARS_DIR) walk(join(dir, entry.name), `${path}/`);
            } else if (entry.name.endsWith('.hbs')) {
                files.push(path);
            }
        }
    };
    walk(root, '');
    return files;
}
