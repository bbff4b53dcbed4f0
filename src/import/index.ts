// The import module: a sales export's bytes → canonical rows and located, typed problems.
// Pure TypeScript (TextDecoder, PapaParse), so the browser worker, the CLI and the tests share it.
export * from './types';
export { checkFileSize } from './file-size';
export { detect } from './detect';
export { suggestMapping, checkMapping } from './roles';
export { previewRows } from './preview';
export { parseBytes, parseChunks } from './parse';
export { parseNumber } from './numbers';
export { parseDate } from './dates';
