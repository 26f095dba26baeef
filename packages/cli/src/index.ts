export { run, main } from './main.js';
export { ExitCode } from './exit-code.js';
export type { CliIo, OutputStream } from './io.js';
export type { Dependencies } from './context.js';
export type { GeneratorApi, GeneratedFile, SecretSpec, GenerationResult } from './generator.js';
export { startArchgenLanguageServer, type ArchgenInitializationOptions } from './lsp/server.js';
