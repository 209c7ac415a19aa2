#!/usr/bin/env node
// Development entry: runs the TypeScript sources directly (transpiled in memory, no build step).
require('../scripts/ts-register.cjs')
require('@oclif/core').execute({ development: true, dir: __dirname }).catch(require('@oclif/core').handle)
