#!/usr/bin/env node
// dyad's command line, from the compiled build (npm install runs the build).
import { buildProgram } from '../dist/cli/index.js';

buildProgram().parseAsync(process.argv).catch((e) => {
  process.stderr.write(`dyad: ${e && e.name === 'UserError' ? e.message : (e && e.stack) || String(e)}\n`);
  process.exit(2);
});
