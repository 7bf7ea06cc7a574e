#!/usr/bin/env node
// `segue` from a checkout: runs the TypeScript sources through tsx, so `npx segue …`
// works right after `npm ci` with no build step to remember.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
