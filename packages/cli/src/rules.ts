import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * The page of every diagnostic code: `docs/rules/<code>.md` (the code's `/`
 * is a folder: `docs/rules/component/unknown-kind.md`). `archgen explain`
 * prints it, SARIF output links to it and carries its summary. Every page
 * has this shape:
 *
 *     # component/unknown-kind: Unknown component kind
 *
 *     One paragraph: the rule and its architectural reason.
 *
 *     ## Why
 *     ...
 *     ## Wrong
 *     ```arch
 *     (a complete model that reports the code)
 *     ```
 *     ## Right
 *     ```arch
 *     (the same model, fixed: it does not report the code)
 *     ```
 *     ## How to fix
 *     ...
 *     See also: [a section](../../language.md#...).
 *
 * A section's blocks are models of their own, each checked as one file. A
 * model in several files (for the `import/*` codes) is written as several
 * blocks whose first lines name their files, `// file: <path>`: when the
 * first block of a section names its file, all the blocks of the section are
 * the files of one model, the first is the file checked and the others are
 * files it may import by those paths (see `exampleModels`).
 * `internal/check-failed` cannot be caused by a model: its page has no
 * `## Wrong` and `## Right` sections.
 */
export interface RuleDoc {
    readonly code: string;
    /** The title after the code on the first line: `Unknown component kind`. */
    readonly title: string;
    /** The first paragraph after the title, on one line. */
    readonly summary: string;
    /** The whole page. */
    readonly markdown: string;
    /** The page's path from the repository root: `docs/rules/component/unknown-kind.md`. */
    readonly path: string;
    /** The `arch` code blocks of the `## Wrong` and `## Right` sections. */
    readonly wrong: readonly string[];
    readonly right: readonly string[];
}

/** Where the pages are: `docs/rules/` of the repository this package belongs to. */
export const RULES_DIR = fileURLToPath(new URL('../../../docs/rules/', import.meta.url));

/** The page's path from the repository root. */
export function rulePath(code: string): string {
    return `docs/rules/${code}.md`;
}

/** True for a string shaped like a code (`area/name`), so a page path can never leave the rules folder. */
export function isCodeShaped(code: string): boolean {
    return /^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/.test(code);
}

/** The page of a code, or undefined when it has none (or the string is not a code). */
export async function loadRule(code: string, dir = RULES_DIR): Promise<RuleDoc | undefined> {
    if (!isCodeShaped(code)) return undefined;
    let markdown: string;
    try {
        markdown = await readFile(`${dir}${code}.md`, 'utf8');
    } catch {
        return undefined;
    }
    return parseRule(code, markdown);
}

/** Reads a page; throws when it does not have the shape above (a test runs this on every page). */
export function parseRule(code: string, markdown: string): RuleDoc {
    const lines = markdown.replace(/\r\n/g, '\n').split('\n');
    const heading = /^# (\S+): (.+)$/.exec(lines[0] ?? '');
    if (!heading) throw new Error(`${rulePath(code)}: the first line must be '# ${code}: <title>'`);
    if (heading[1] !== code) throw new Error(`${rulePath(code)}: the first line names '${heading[1]}', not '${code}'`);
    const rest = lines.slice(1).join('\n').trim();
    const summary = (rest.split(/\n\s*\n/)[0] ?? '').replace(/\s*\n\s*/g, ' ').trim();
    if (!summary || summary.startsWith('#')) throw new Error(`${rulePath(code)}: a paragraph must follow the title`);
    return {
        code,
        title: heading[2]!.trim(),
        summary,
        markdown,
        path: rulePath(code),
        wrong: archBlocks(section(markdown, 'Wrong')),
        right: archBlocks(section(markdown, 'Right'))
    };
}

/** The text of a `## <name>` section, up to the next `## ` heading. */
function section(markdown: string, name: string): string {
    const match = new RegExp(`^## ${name}\\s*$([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(markdown);
    return match?.[1] ?? '';
}

function archBlocks(text: string): string[] {
    const blocks: string[] = [];
    const pattern = /^```arch\n([\s\S]*?)^```/gm;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) blocks.push(m[1]!);
    return blocks;
}

/** One file of an example model: its path relative to the model's folder, and its text. */
export interface ExampleFile {
    readonly path: string;
    readonly text: string;
}

/** The file a block names on its first line (`// file: data.arch`), if any. */
function fileOf(block: string): string | undefined {
    return /^\/\/ file: (\S+)[ \t]*(?:\n|$)/.exec(block)?.[1];
}

/**
 * The models of a section's blocks, each a list of files with the file to
 * check first: one model of all the blocks when the first names its file
 * (`// file: <path>`), else one single-file model (`model.arch`) per block.
 */
export function exampleModels(blocks: readonly string[]): ExampleFile[][] {
    const first = blocks[0];
    if (first === undefined || fileOf(first) === undefined) return blocks.map(text => [{ path: 'model.arch', text }]);
    return [blocks.map((text, index) => {
        const path = fileOf(text);
        if (path === undefined) throw new Error(`block ${index + 1} of a model in several files must start with '// file: <path>'`);
        return { path, text };
    })];
}
