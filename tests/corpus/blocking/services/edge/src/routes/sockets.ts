import { scryptSync } from 'node:crypto';
import { describe } from '../lib/store.js';

export function onMessage(message: string): void {
  const key = scryptSync(message, 'salt', 32); // expect: SC201
  console.log(describe(key.toString('hex')));
}
