// The `ciclo` command: reads its arguments, runs one sub-command and returns the exit status
// (0 done, 1 the file could not be read, 2 bad arguments). bin/ciclo.mjs calls `main`.
import { analyzeCommand } from './analyze.ts';
import { ANALYZE_FLAGS, ANALYZE_HELP } from './analyze-args.ts';
import { parseArgs, UsageError } from './args.ts';
import { inspectCommand } from './inspect.ts';
import { INSPECT_FLAGS, INSPECT_HELP } from './inspect-args.ts';

/** Where the command writes; tests pass their own to capture the output. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

export const USAGE = `Usage: ciclo <command> [options]

Commands:
  inspect FILE            Detect how a sales export is written, read it the way the Ciclo site does,
                          and print what was found as one JSON document.
  analyze FILE --out DIR  Analyse every customer of a sales export (trend, lifecycle stage, RFM, value,
                          predicted value) and write DIR/customers.csv, DIR/cohorts.csv and DIR/model.json.

Options:
  -h, --help     Show this help (\`ciclo inspect --help\`, \`ciclo analyze --help\` for a command's options).
`;

/** Runs the command line `argv` (without `node` and the script) and returns the exit status. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      io.stderr(USAGE);
      return 2;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      io.stdout(rest[0] === 'inspect' ? INSPECT_HELP : rest[0] === 'analyze' ? ANALYZE_HELP : USAGE);
      return 0;
    }
    if (command === 'inspect') {
      const args = parseArgs(rest, INSPECT_FLAGS);
      if (args.flags.has('--help')) {
        io.stdout(INSPECT_HELP);
        return 0;
      }
      return await inspectCommand(args, io);
    }
    if (command === 'analyze') {
      const args = parseArgs(rest, ANALYZE_FLAGS);
      if (args.flags.has('--help')) {
        io.stdout(ANALYZE_HELP);
        return 0;
      }
      return await analyzeCommand(args, io);
    }
    throw new UsageError(command.startsWith('-') ? `unknown option ${command}` : `unknown command “${command}”`);
  } catch (thrown) {
    if (!(thrown instanceof UsageError)) throw thrown;
    const help = command === 'inspect' ? INSPECT_HELP : command === 'analyze' ? ANALYZE_HELP : USAGE;
    io.stderr(`ciclo: ${thrown.message}\n\n${help}`);
    return 2;
  }
}
