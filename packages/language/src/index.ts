export * from './arch-module.js';
export * from './api.js';
export * from './validation/issue-codes.js';
export { buildModel } from './ir/build-model.js';
export { suggest, editDistance } from './util/suggest.js';
export * as ast from './generated/ast.js';
export { ArchLanguageMetaData } from './generated/module.js';
export { lazyCstBuilds, lazyElementCstBuilds } from './parser/lazy-cst.js';
