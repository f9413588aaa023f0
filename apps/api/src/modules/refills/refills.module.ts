import { Module } from '@nestjs/common';
import { RefillsController } from './refills.controller';
import { RefillsService } from './refills.service';

@Module({ controllers: [RefillsController], providers: [RefillsService], exports: [RefillsService] })
export class RefillsModule {}
