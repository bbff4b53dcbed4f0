// English texts for the `ciclo` command. Import problems reuse the site's English catalog (by code), so the
// command and the screens say the same thing; the command's own problems (a missing file) are defined here.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { en } from '../i18n/en.ts';
import { checkFileSize } from '../import/index.ts';
import type { ImportIssue } from '../import/types.ts';

/** Problems only the command meets: the file cannot be opened at all, holds no sale, or the output cannot be written. */
export type CliErrorCode = 'CLI_FILE_NOT_FOUND' | 'CLI_NOT_A_FILE' | 'CLI_FILE_UNREADABLE' | 'CLI_NO_ROWS' | 'CLI_OUT_UNWRITABLE' | 'CLI_ENGINE_UNAVAILABLE';

const CLI_TEXTS: Record<CliErrorCode, { message: string; action: string }> = {
  CLI_FILE_NOT_FOUND: {
    message: 'There is no file at this path.',
    action: 'Check the spelling and the folder (relative paths start from the current folder).',
  },
  CLI_NOT_A_FILE: {
    message: 'This path is a folder or a device, not a file.',
    action: 'Give the path of the CSV file itself.',
  },
  CLI_FILE_UNREADABLE: {
    message: 'The file could not be read: {{detail}}',
    action: 'Check that you may read it and that no other program holds it locked.',
  },
  CLI_NO_ROWS: {
    message: 'No line of the file could be read as a sale ({{detail}} lines rejected).',
    action: 'Check the column mapping (--map) and the format options; `ciclo inspect FILE` lists the rejected lines and why.',
  },
  CLI_ENGINE_UNAVAILABLE: {
    message: 'Native DuckDB cannot run here: {{detail}}.',
    action: 'Install the optional package (`npm install @duckdb/node-api`), or run with --engine auto or --engine wasm.',
  },
  CLI_OUT_UNWRITABLE: {
    message: 'The results could not be written: {{detail}}',
    action: 'Check that the --out folder can be created and written to.',
  },
};

/** The error document the command prints when it cannot read a file (exit status 1). */
export interface ErrorDocument {
  error: { code: string; message: string; file: string; line?: number };
}

/** `file, line 7, column "Data": <message> <next step>` for an import problem. */
export function describeIssue(issue: ImportIssue, file: string): string {
  // A code newer than the catalog still gets a readable line.
  const codes: Partial<Record<string, { message: string; action: string }>> = en.errors.codes;
  const text = codes[issue.code] ?? { message: issue.code, action: '' };
  const params = { ...issue.params, column: issue.column ?? '', value: issue.value ?? '', expected: issue.expected ?? '' };
  let message = fill(text.message, params);
  if (issue.value !== undefined) message += ` Found “${issue.value}”${issue.expected ? `, expected ${issue.expected}` : ''}.`;
  return `${where(file, issue.line, issue.column)}: ${message} ${fill(text.action, params)}`.trimEnd();
}

export function issueError(issue: ImportIssue, file: string): ErrorDocument {
  return {
    error: {
      code: issue.code,
      message: describeIssue(issue, file),
      file,
      ...(issue.line !== undefined ? { line: issue.line } : {}),
    },
  };
}

export function cliError(code: CliErrorCode, file: string, detail = ''): ErrorDocument {
  const text = CLI_TEXTS[code];
  return { error: { code, message: `${file}: ${fill(text.message, { detail })} ${text.action}`, file } };
}

function where(file: string, line?: number, column?: string): string {
  return [file, line !== undefined ? `line ${line}` : '', column ? `column “${column}”` : ''].filter(Boolean).join(', ');
}

/** Replaces `{{name}}` placeholders; byte counts (size, limit) read as MB/GB. */
function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    if (typeof value === 'number' && (name === 'size' || name === 'limit')) return formatBytes(value);
    return String(value);
  });
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * The size of the sales file at `file`, or the error document every command gives for it: missing, not a
 * file, unreadable, or over Ciclo's size limit (checked before a byte is read).
 */
export async function salesFileSize(file: string): Promise<number | ErrorDocument> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) return cliError('CLI_NOT_A_FILE', file);
    size = info.size;
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? cliError('CLI_FILE_NOT_FOUND', file) : cliError('CLI_FILE_UNREADABLE', file, String(code ?? thrown));
  }
  const tooLarge = checkFileSize(basename(file), size);
  return tooLarge ? issueError(tooLarge, file) : size;
}
