import { readFileSync as rf } from 'node:fs';
import { join } from 'node:path';

const cache = new Map<string, string>();

function readTemplateFile(name: string): string {
  return rf(join('templates', `${name}.html`), 'utf8');
}

export function loadTemplate(name: string): string {
  let source = cache.get(name);
  if (source === undefined) {
    source = readTemplateFile(name);
    cache.set(name, source);
  }
  return source;
}
