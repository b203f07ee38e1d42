#!/usr/bin/env node
// A committed launcher, so installing the workspace can link the bin before dist/ is built.
import '../dist/cli.js';
