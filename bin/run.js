#!/usr/bin/env node
// Production entry: runs the compiled commands in dist/ using the prebuilt oclif manifest.
void require('../dist/cli/main').main(process.argv.slice(2), __dirname)
