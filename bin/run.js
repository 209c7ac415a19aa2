#!/usr/bin/env node
// Production entry: runs the compiled commands in dist/ using the prebuilt oclif manifest.
require('@oclif/core').execute({ dir: __dirname }).catch(require('@oclif/core').handle)
