#!/usr/bin/env node
// Runs one TypeScript script from the checkout through tsx, the way bin/segue.js runs the
// CLI: `node bin/segue-ts.js bench/timeline.ts [args…]` (the npm bench:* scripts).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write('usage: node bin/segue-ts.js SCRIPT.ts [args…]\n');
  process.exit(2);
}
register();
const file = path.resolve(script);
// The script sees its own arguments, as if it had been run directly (parseArgs reads argv).
process.argv = [process.argv[0], file, ...args];
await import(pathToFileURL(file).href);
