import type { Request, Response } from 'express';
import * as fs from 'node:fs';
import { createHash, randomBytes, pbkdf2Sync } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { loadTemplate } from '../lib/templates.js';
import { Store } from '../lib/store.js';

const store = new Store();

export function getA(req: Request, res: Response): void {
  res.send(fs.readFileSync(`data/${req.query.id}`)); // expect: SC201
}

export const getB = (req: Request, res: Response) => {
  res.send(loadTemplate('b')); // expect: SC202
};

export async function upload(req: Request, res: Response): Promise<void> {
  const packed = gzipSync(req.body); // expect: SC201
  const salt = randomBytes(16); // expect: SC201
  randomBytes(16, (err, buf) => res.locals.token = buf);
  const key = pbkdf2Sync('pw', salt, 100000, 64, 'sha512'); // expect: SC201
  await fs.promises.writeFile('upload.gz', packed);
  fs.readFile('x', () => undefined);
  const digest = createHash('sha256').update(key).digest('hex');
  const names = req.body.files.map((p: string) => fs.statSync(p).size); // expect: SC202
  const cached = await store.load('k'); // awaited async method: checked in its own body
  res.json({ digest, names, cached });
}

export async function legacyAwait(): Promise<string> {
  // Awaiting a sync API does not make it asynchronous.
  return await fs.readFileSync('legacy.txt', 'utf8'); // expect: SC201
}

export async function exportAll(res: Response): Promise<void> {
  fetch('http://audit/').then((r) => fs.appendFileSync('audit.log', String(r.status))); // expect: SC201
  res.end();
}

// hard: registered inside an array literal in server.ts, which is not resolved as a reference.
export function batch(_req: Request, res: Response): void {
  fs.rmSync('batch', { recursive: true }); // expect: SC201
  res.end();
}

export function about(): string {
  return JSON.stringify({ name: 'edge', started: Date.now() });
}
