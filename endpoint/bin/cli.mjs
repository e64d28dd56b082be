#!/usr/bin/env node
// Plain `node endpoint/bin/cli.mjs …` runs the TypeScript sources: tsx compiles them on load.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
