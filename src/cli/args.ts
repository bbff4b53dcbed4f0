// Command-line flags: `--name value`, `--name=value`, repeatable flags and `--` to end the options.

/** A problem with the arguments themselves: reported on stderr with exit status 2. */
export class UsageError extends Error {}

export interface FlagSpec {
  /** Takes a value (`--name value` or `--name=value`). */
  hasValue: boolean;
  isRepeatable?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
}

/** Splits argv into positionals and known flags; anything unknown is a UsageError. */
export function parseArgs(argv: readonly string[], specs: Readonly<Record<string, FlagSpec>>): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }
    const equals = token.indexOf('=');
    const name = token === '-h' ? '--help' : equals > 0 ? token.slice(0, equals) : token;
    const spec = specs[name];
    if (!spec) throw new UsageError(`unknown option ${name}`);
    let value = '';
    if (spec.hasValue) {
      if (equals > 0) value = token.slice(equals + 1);
      else if (i + 1 < argv.length) value = argv[++i] as string;
      else throw new UsageError(`${name} needs a value`);
    } else if (equals > 0) {
      throw new UsageError(`${name} takes no value`);
    }
    const seen = flags.get(name);
    if (seen && !spec.isRepeatable) throw new UsageError(`${name} is given more than once`);
    flags.set(name, [...(seen ?? []), value]);
  }
  return { positionals, flags };
}
