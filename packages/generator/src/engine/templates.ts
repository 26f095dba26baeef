import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerHelpers } from '../helpers.js';

const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;
const PARTIALS_DIR = '_partials';

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
 * is `{{> compose/service}}`.
 */
export class TemplateSet {
    private readonly handlebars = Handlebars.create();
    private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

    constructor(readonly root: string) {
        registerHelpers(this.handlebars);
        for (const file of listFiles(root).filter(f => f.split('/').includes(PARTIALS_DIR) && f.endsWith('.hbs'))) {
            const name = file.replace(`${PARTIALS_DIR}/`, '').replace(/\.hbs$/, '');
            this.handlebars.registerPartial(name, this.handlebars.compile(this.read(file), COMPILE_OPTIONS));
        }
    }

    render(template: string, view: object): string {
        let compiled = this.compiled.get(template);
        if (!compiled) {
            compiled = this.handlebars.compile(this.read(template), COMPILE_OPTIONS);
            this.compiled.set(template, compiled);
        }
        try {
            return compiled(view);
        } catch (error) {
            throw new Error(`Template '${template}' failed: ${error instanceof Error ? error.message : String(error)}`);
        }
    }

    private read(file: string): string {
        const path = join(this.root, ...file.split('/'));
        if (!existsSync(path)) throw new Error(`Template '${file}' not found in ${this.root}.`);
        return readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
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

/** Every file below `root`, as sorted POSIX paths relative to it. */
function listFiles(root: string): string[] {
    const files: string[] = [];
    const walk = (dir: string): void => {
        for (const name of readdirSync(dir).sort()) {
            const path = join(dir, name);
            if (statSync(path).isDirectory()) walk(path);
            else files.push(relative(root, path).split(sep).join('/'));
        }
    };
    walk(root);
    return files;
}
