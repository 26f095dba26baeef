/** The only exit codes archgen uses (SPEC section 3). */
export enum ExitCode {
    /** The command did what was asked. */
    Success = 0,
    /** The model has errors (or warnings, with `check --strict`). */
    ModelErrors = 1,
    /** The command line was wrong, a file could not be read or written, or archgen itself failed. */
    UsageOrIo = 2
}
