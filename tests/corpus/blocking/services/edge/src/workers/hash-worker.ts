import { parentPort } from 'node:worker_threads';
import { pbkdf2Sync } from 'node:crypto';

// A worker thread: blocking here keeps the main loop free, which is the point.
parentPort?.on('message', (password: string) => {
  parentPort?.postMessage(pbkdf2Sync(password, 'salt', 100000, 64, 'sha512'));
});

async function selfTest(): Promise<void> {
  pbkdf2Sync('x', 'salt', 1, 64, 'sha512');
}

void selfTest();
