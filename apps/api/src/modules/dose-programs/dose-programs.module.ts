import { Module } from '@nestjs/common';
import { DoseProgramsController } from './dose-programs.controller';
import { DoseProgramsService } from './dose-programs.service';

@Module({ controllers: [DoseProgramsController], providers: [DoseProgramsService], exports: [DoseProgramsService] })
export class DoseProgramsModule {}
