import { Controller, Get, Inject, Param } from '@nestjs/common';
import { Store } from '../lib/store.js';

// What a caller knows of a store: an interface names no implementation to follow.
export interface Snapshots {
  snapshot(key: string): string;
}

// NestJS hands the controller its stores: as a constructor parameter property, as a typed
// field (`@Inject()`) and as a parameter assigned to a field.
@Controller('snapshots')
export class SnapshotsController {
  @Inject() private readonly backup: Store;
  private readonly mirror: Store;

  constructor(
    private readonly store: Store,
    private readonly named: Snapshots,
    mirror: Store,
  ) {
    this.mirror = mirror;
  }

  @Get(':key')
  async current(@Param('key') key: string) {
    return this.store.snapshot(key); // expect: SC202
  }

  @Get('backup/:key')
  async fromBackup(@Param('key') key: string) {
    return this.backup.snapshot(key); // expect: SC202
  }

  @Get('mirror/:key')
  async fromMirror(@Param('key') key: string) {
    return this.mirror.snapshot(key); // expect: SC202
  }

  @Get('named/:key')
  async byInterface(@Param('key') key: string) {
    return this.named.snapshot(key);
  }

  @Get('fast/:key')
  async fast(@Param('key') key: string) {
    // Async methods: their own bodies are checked where they are defined.
    return (await this.store.loadFast(key)) + (await this.store.load(key));
  }
}
