import { execSync } from 'node:child_process';

export default function health(_req: unknown, res: { send(body: string): void }): void {
  res.send(execSync('uptime').toString()); // expect: SC201
}
