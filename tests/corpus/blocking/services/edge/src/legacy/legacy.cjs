'use strict';

const { readFileSync: rfs } = require('fs');
const { execFileSync } = require('child_process');

function parse(text) {
  return JSON.parse(text);
}

function loadLegacy() {
  return parse(rfs('legacy.json', 'utf8'));
}

function runTool() {
  return execFileSync('tool');
}

async function toolHandler(ctx) {
  ctx.body = runTool(); // expect: SC202
}

async function waitForSlot(shared) {
  Atomics.wait(shared, 0, 0, 1000); // expect: SC201
  return JSON.parse('{}');
}

process.on('message', (msg) => {
  require('node:child_process'); // a bare require is an import, not a call
  return parse(String(msg));
});

module.exports = { loadLegacy, runTool, toolHandler, waitForSlot };
