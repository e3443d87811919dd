import express from 'express';
import * as fs from 'node:fs';
import { WebSocketServer } from 'ws';
import * as handlers from './routes/handlers.js';
import health from './routes/health.js';
import { api } from './routes/objects.js';
import { onMessage } from './routes/sockets.js';
import { scheduleCleanup } from './lib/jobs.js';

// Start-up: read once before the server accepts traffic.
const config = JSON.parse(fs.readFileSync('config.json', 'utf8'));
const certs = fs.readdirSync('certs');

const app = express();
app.use(express.json());
app.get('/a', handlers.getA);
app.get('/b', handlers.getB);
app.get('/health', health);
app.get('/list', api.list);
app.post('/upload', handlers.upload);
// hard: a handler inside an array literal is not resolved as a reference.
app.get('/batch', [handlers.batch]);
app.get('/about', (_req, res) => res.send(handlers.about()));
app.route('/reports').get((_req, res) => {
  res.send(fs.readFileSync('reports.html')); // expect: SC201
});

process.on('exit', () => {
  // `exit` listeners run after the loop has stopped and must be synchronous.
  fs.writeFileSync('stopped', String(Date.now()));
});
process.on('SIGTERM', () => {
  fs.rmSync('pid'); // expect: SC201
  process.exit(0);
});

const wss = new WebSocketServer({ port: 8081 });
wss.on('connection', (socket) => {
  socket.on('message', onMessage);
});

setTimeout(() => {
  fs.writeFileSync('started', String(Date.now())); // expect: SC201
}, 0);

app.listen(config.port, () => {
  // Runs once when the port is bound: start-up, not a request path.
  fs.writeFileSync('pid', String(process.pid));
  scheduleCleanup(certs);
});
