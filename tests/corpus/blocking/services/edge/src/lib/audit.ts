import { Store } from './store.js';

export class AuditStore extends Store {
  async audit(key: string): Promise<string> {
    return this.snapshot(key); // expect: SC202
  }
}
