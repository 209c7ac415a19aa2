#!/usr/bin/env node
// Development entry: runs the TypeScript sources directly (transpiled in memory, no build step).
require('../scripts/ts-register.cjs')
process.env.NODE_ENV = 'development'
require('@oclif/core').settings.debug = true
void require('../src/cli/main').main(process.argv.slice(2), __dirname)
