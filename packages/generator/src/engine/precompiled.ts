import type Handlebars from 'handlebars';

/** What `Handlebars.precompile` prints, evaluated. */
export type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/** A template compiled at build time, and the SHA-256 of the source it was compiled from. */
export interface PrecompiledTemplate {
    readonly sha256: string;
    readonly spec: TemplateSpecification;
}

/** Precompiled templates by their path below `templates/` (`compose/README.md.hbs`). */
export type PrecompiledTemplates = Readonly<Record<string, PrecompiledTemplate>>;

/**
 * Empty here. The bundles (the CLI's dist/archgen.cjs, the extension's
 * dist/cli.cjs) replace this module with every template precompiled at build
 * time (scripts/precompile-templates.mjs), so a run compiles none; a template
 * whose file no longer has that source is compiled from the file as before.
 */
export const precompiledTemplates: PrecompiledTemplates = {};
