#!/usr/bin/env node
// `ciclo` command: runs the build made by `npm install` (the package's prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../dist-cli/ciclo.mjs', import.meta.url));
if (!existsSync(built)) {
  process.stderr.write('ciclo: the command-line build is missing; run `npm install` (or `npm run prepare`) in the Ciclo folder first.\n');
  process.exit(2);
}
const { main } = await import(pathToFileURL(built).href);
process.exitCode = await main(process.argv.slice(2));
