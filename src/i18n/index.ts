// The i18n leaf: texts in four languages and locale-aware formatting. Screens import from here.
export { locale, t, plural, setLanguage, initLanguage, type Params } from './locale.svelte.ts';
export { formatNumber, formatMoney, formatDate, formatBytes, type DateStyle } from './format.ts';
export { LANGUAGES, LANGUAGE_NAMES, pickLanguage, isLanguage, type Language, type Catalog, type TextKey, type PluralKey } from './catalog.ts';
export { ERROR_CODES, IMPORT_ERROR_CODES, ENGINE_ERROR_CODES, APP_ERROR_CODES, isErrorCode, type ErrorCode } from './codes.ts';
