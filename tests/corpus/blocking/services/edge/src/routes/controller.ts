import { Controller, Get } from '@nestjs/common';
import { readFileSync } from 'node:fs';

@Controller('reports')
export class ReportsController {
  @Get()
  list(): string {
    return readFileSync('reports/index.json', 'utf8'); // expect: SC201
  }

  helper(): string {
    // Not a route: only called from start-up code below.
    return readFileSync('reports/boot.json', 'utf8');
  }
}

export const bootReport = new ReportsController().helper();
