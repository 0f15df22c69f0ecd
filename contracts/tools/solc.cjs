#!/usr/bin/env node
// Adapter that lets forge use the npm `solc` package (solc-js) offline.
// forge calls `solc --version` to learn the version and `solc --standard-json`
// with the compiler input on stdin; both are answered here. forge already puts
// every source's content into the input, so the import callback is only a
// fallback that resolves a path from the working directory or node_modules.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const solc = require('solc');

const args = process.argv.slice(2);

if (args.includes('--version')) {
  const full = solc.version(); // e.g. 0.8.28+commit.7893614a.Emscripten.clang
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${full}\n`);
  process.exit(0);
}

if (!args.includes('--standard-json')) {
  process.stderr.write(`solc adapter: only --version and --standard-json are supported (got: ${args.join(' ')})\n`);
  process.exit(2);
}

const basePathArg = args.indexOf('--base-path');
const roots = [process.cwd()];
if (basePathArg >= 0 && args[basePathArg + 1]) roots.unshift(args[basePathArg + 1]);
roots.push(path.join(__dirname, '..', 'node_modules'), path.join(__dirname, '..', '..', 'node_modules'));

function findImports(importPath) {
  for (const root of roots) {
    const candidate = path.resolve(root, importPath);
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') };
  }
  return { error: `File not found: ${importPath}` };
}

const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const input = Buffer.concat(chunks).toString('utf8');
  const output = solc.compile(input, { import: findImports });
  process.stdout.write(output);
});
