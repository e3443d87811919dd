import * as fs from 'node:fs';
import { getA } from '../src/routes/handlers.js';

// Tests run on a loop too, but no request waits on them: not reported.
it('serves a file', async () => {
  fs.writeFileSync('data/1', 'x');
  const sent: unknown[] = [];
  getA({ query: { id: '1' } } as never, { send: (b: unknown) => sent.push(b) } as never);
  expect(sent).toHaveLength(1);
});
