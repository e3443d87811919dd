import { readdirSync } from 'node:fs';

export const api = {
  list(_req: unknown, res: { json(v: unknown): void }) {
    res.json(readdirSync('uploads')); // expect: SC201
  },
};
