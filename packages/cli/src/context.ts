import { ExitCode } from './exit-code.js';
import { loadGenerator, type GeneratorApi } from './generator.js';
import type { CliIo } from './io.js';
import { createChecker, createFormatter, type Checker, type SourceFormatter } from './language.js';

/** The packages a command calls; tests replace them (a fake generator, an extra warning). */
export interface Dependencies {
    readonly createChecker: () => Promise<Checker>;
    readonly loadGenerator: () => Promise<GeneratorApi>;
    readonly createFormatter: () => Promise<SourceFormatter>;
}

export const defaultDependencies: Dependencies = { createChecker, loadGenerator, createFormatter };

/** What every command gets; an action stores its result in `exitCode`. */
export interface CommandContext {
    readonly io: CliIo;
    readonly deps: Dependencies;
    exitCode: ExitCode;
}
