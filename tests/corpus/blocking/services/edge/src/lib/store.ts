import * as fs from 'node:fs';

export class Store {
  async load(key: string): Promise<string> {
    return this.readSync(key); // expect: SC202
  }

  async loadFast(key: string): Promise<string> {
    return fs.promises.readFile(`store/${key}`, 'utf8');
  }

  snapshot(key: string): string {
    return fs.readFileSync(`store/${key}.snap`, 'utf8');
  }

  private readSync(key: string): string {
    return fs.readFileSync(`store/${key}`, 'utf8');
  }
}

export function describe(key: string): string {
  return `key ${key.length}`;
}
