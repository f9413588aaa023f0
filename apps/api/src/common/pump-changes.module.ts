import { Module } from '@nestjs/common';
import { PumpChanges } from './pump-changes';

/** Tells the alarm sweep (and the caches) which pump a write changed. */
@Module({ providers: [PumpChanges], exports: [PumpChanges] })
export class PumpChangesModule {}
