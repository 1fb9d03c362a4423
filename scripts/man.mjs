#!/usr/bin/env node
// Writes man/esa-patch.1 from the help text (run by `npm run man`, after the build).
import { mkdirSync, writeFileSync } from 'node:fs';
import { manPage } from '../dist/cli/man.js';

mkdirSync(new URL('../man/', import.meta.url), { recursive: true });
writeFileSync(new URL('../man/esa-patch.1', import.meta.url), await manPage(), 'utf8');
console.log('wrote man/esa-patch.1');
