import { unlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import legacy from '../legacy/legacy.cjs';

export function scheduleCleanup(files: string[]): void {
  setInterval(() => cleanup(files), 60_000); // expect: SC202
  new Worker('./hash-worker.js');
}

function cleanup(files: string[]): void {
  for (const file of files) unlinkSync(file);
}

export async function refreshLegacy(): Promise<string> {
  const config = legacy.loadLegacy(); // expect: SC202
  return config;
}

export async function dynamicRequire(): Promise<string> {
  // An inline require() binds no name: the call takes its module from the require.
  return require('node:fs').readFileSync('x', 'utf8'); // expect: SC201
}
