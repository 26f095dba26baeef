/** The public types of the generator. */

/**
 * A generation target: a folder `templates/<target>/` plus a manifest in `targets/<target>.ts`.
 * `all` is compose and k8s in one folder, the files they share written once.
 */
export type TargetId = 'compose' | 'k8s' | 'all';

export interface GenerateOptions {
    readonly target: TargetId;
    /**
     * The architecture diagram, rendered by the caller: `renderDiagramSvg(model)`
     * is asynchronous (Graphviz as WebAssembly) and generate() is not. With it,
     * the compose target writes `diagram.svg` and its README shows it; without
     * it, the README points at `diagram.mmd` (the Mermaid diagram, always written).
     */
    readonly diagram?: DiagramInput;
}

export interface DiagramInput {
    /** The SVG of `renderDiagramSvg(model)` for the same model. */
    readonly svg: string;
}

export interface GeneratedFile {
    /** POSIX path relative to the output folder: never absolute, never containing `..`. */
    readonly path: string;
    readonly content: string;
    readonly executable?: boolean;
    /**
     * A starting point that belongs to the user once written (a handler stub):
     * written when absent, never replaced or shadowed by a `.new` afterwards.
     */
    readonly once?: boolean;
}

export interface SecretSpec {
    /** The environment variable. */
    readonly name: string;
    /** One sentence, written as a comment into `.env.example`. */
    readonly description: string;
    readonly kind: 'password' | 'username' | 'jwt-secret';
    /** A non-secret default (a user name), used instead of a random value. */
    readonly suggested?: string;
}

export interface GenerationResult {
    /** Sorted by path. */
    files: GeneratedFile[];
    /** Sorted by name. */
    secrets: SecretSpec[];
}

export interface TargetInfo {
    readonly id: TargetId;
    readonly description: string;
}
