/**
 * The header of a generated file: one comment, in the file's own syntax,
 * naming the model element the file comes from (see Origin, runManifest).
 * The syntax is chosen by the file's name; a file whose format has no
 * comments (JSON) or that this table does not know gets no header, so a new
 * kind of output file needs its line in `SUFFIXES` (or `kindOf`) to get one.
 */
import { type Origin, sourceRef } from './origin.js';

export type CommentStyle =
    | { readonly kind: 'line'; readonly prefix: string }
    | { readonly kind: 'block'; readonly open: string; readonly close: string };

const line = (prefix: string): CommentStyle => ({ kind: 'line', prefix });
const HASH = line('#');
const SLASHES = line('//');
const DASHES = line('--');
const MARKUP: CommentStyle = { kind: 'block', open: '<!--', close: '-->' };
const CSS: CommentStyle = { kind: 'block', open: '/*', close: '*/' };

/**
 * What must stay before the header: a shebang in any file; Dockerfile parser
 * directives; an XML declaration and a DOCTYPE in markup; YAML front matter in
 * Markdown; in Mermaid the front matter and the diagram's type line (older
 * renderers reject a comment before it).
 */
type Preamble = 'dockerfile' | 'markup' | 'front-matter' | 'mermaid';

interface FileKind {
    readonly style: CommentStyle;
    readonly preamble?: Preamble;
}

/** By file name suffix, first match wins (lower case). */
const SUFFIXES: readonly (readonly [string, FileKind])[] = [
    ['.yml', { style: HASH }],
    ['.yaml', { style: HASH }],
    ['.sh', { style: HASH }],
    ['.bash', { style: HASH }],
    ['.conf', { style: HASH }],
    ['.conf.template', { style: HASH }],
    ['.toml', { style: HASH }],
    ['.dockerfile', { style: HASH, preamble: 'dockerfile' }],
    ['.sql', { style: DASHES }],
    ['.ts', { style: SLASHES }],
    ['.mts', { style: SLASHES }],
    ['.cts', { style: SLASHES }],
    ['.tsx', { style: SLASHES }],
    ['.js', { style: SLASHES }],
    ['.mjs', { style: SLASHES }],
    ['.cjs', { style: SLASHES }],
    ['.jsx', { style: SLASHES }],
    ['.css', { style: CSS }],
    ['.md', { style: MARKUP, preamble: 'front-matter' }],
    ['.html', { style: MARKUP, preamble: 'markup' }],
    ['.htm', { style: MARKUP, preamble: 'markup' }],
    ['.svg', { style: MARKUP, preamble: 'markup' }],
    ['.xml', { style: MARKUP, preamble: 'markup' }],
    ['.mmd', { style: line('%%'), preamble: 'mermaid' }],
    ['.mermaid', { style: line('%%'), preamble: 'mermaid' }]
];

/** The kind of file a path names, by its base name; undefined: no comments (JSON) or unknown. */
function kindOf(path: string): FileKind | undefined {
    const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
    if (name === 'dockerfile' || name.startsWith('dockerfile.')) return { style: HASH, preamble: 'dockerfile' };
    if (name === '.gitignore' || name === '.dockerignore' || name === '.env' || name.startsWith('.env.')) return { style: HASH };
    // RabbitMQ's list of plugins is Erlang terms, read with erl_scan: `%` comments.
    if (name === 'enabled_plugins') return { style: line('%') };
    return SUFFIXES.find(([suffix]) => name.endsWith(suffix))?.[1];
}

/** The comment syntax of a generated file, chosen by its name; undefined when it gets no header. */
export function commentStyleOf(path: string): CommentStyle | undefined {
    return kindOf(path)?.style;
}

/** One comment line holding `text`, which cannot end the comment early or spill onto another line. */
export function commentLine(style: CommentStyle, text: string): string {
    const flat = text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
    if (style.kind === 'line') return `${style.prefix} ${flat}`;
    // `--` may not appear inside an XML comment; `*/` would close a CSS one.
    const safe = style.open === '<!--' ? flat.replace(/-(?=-)/g, '- ') : flat.split(style.close).join(style.close.split('').join(' '));
    return `${style.open} ${safe} ${style.close}`;
}

/**
 * `content` with the header comment `text` inserted where it may go: first,
 * or after the preamble (shebang, Dockerfile parser directives, XML
 * declaration and DOCTYPE, front matter). Unchanged when the file gets no header.
 */
export function withHeader(path: string, content: string, text: string): string {
    const kind = kindOf(path);
    if (!kind) return content;
    const at = preambleEnd(kind, content);
    const head = content.slice(0, at);
    const separator = head === '' || head.endsWith('\n') || head === '\uFEFF' ? '' : '\n';
    return `${head}${separator}${commentLine(kind.style, text)}\n${content.slice(at)}`;
}

/** The text of a file's header as `withHeader` put it, or undefined when there is none. */
export function headerOf(path: string, content: string): string | undefined {
    const kind = kindOf(path);
    if (!kind) return undefined;
    const rest = content.slice(preambleEnd(kind, content)).replace(/^\n/, '');
    const first = rest.slice(0, rest.indexOf('\n') === -1 ? rest.length : rest.indexOf('\n'));
    const style = kind.style;
    if (style.kind === 'line') return first.startsWith(`${style.prefix} `) ? first.slice(style.prefix.length + 1) : undefined;
    return first.startsWith(`${style.open} `) && first.endsWith(` ${style.close}`)
        ? first.slice(style.open.length + 1, first.length - style.close.length - 1)
        : undefined;
}

const FRONT_MATTER = /^---[ \t]*\n[^]*?\n---[ \t]*(\n|$)/;

/** Where the header goes: the offset just after what must stay first (0 when nothing must). */
function preambleEnd(kind: FileKind, content: string): number {
    let at = content.startsWith('\uFEFF') ? 1 : 0;
    const take = (pattern: RegExp): boolean => {
        const match = pattern.exec(content.slice(at));
        if (match) at += match[0].length;
        return match !== null;
    };
    if (kind.style.kind === 'line') take(/^#![^\n]*(\n|$)/);
    switch (kind.preamble) {
        case 'dockerfile':
            // `# syntax=`, `# escape=`, `# check=`: directives only while nothing else came first.
            while (take(/^#[ \t]*(syntax|escape|check)[ \t]*=[^\n]*(\n|$)/i));
            break;
        case 'markup':
            take(/^<\?xml[^]*?\?>[ \t]*(\n|(?=\S)|$)/);
            take(/^\s*<!DOCTYPE(\s[^[>]*(\[[^]*?\])?)?[^>]*>[ \t]*(\n|(?=\S)|$)/i);
            break;
        case 'front-matter':
            take(FRONT_MATTER);
            break;
        case 'mermaid':
            take(FRONT_MATTER);
            take(/^[^\n]*(\n|$)/);
            break;
    }
    return at;
}

/**
 * The sentence a header says: the element, its `file:line` (relative to the
 * entry file's folder, see sourceRef), and who owns the file: archgen, or the
 * user for a file written once (`once` entries: the handler stubs).
 */
export function headerText(origin: Origin, entryUri: string, once = false): string {
    const element = `${origin.kind.replace(/_/g, ' ')} '${origin.name}' (${sourceRef(origin.source, entryUri)})`;
    return once
        ? `Generated once by archgen from ${element}. This file is yours to edit: regenerating never replaces it.`
        : `Generated by archgen from ${element}. Edit the model, not this file.`;
}
