#!/usr/bin/env node
// The `styrebot` command: runs the TypeScript CLI through tsx (a runtime dependency), so
// `npx styrebot …` works right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
