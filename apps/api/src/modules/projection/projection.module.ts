import { Global, Module } from '@nestjs/common';
import { ProjectionService } from './projection.service';

@Global()
@Module({ providers: [ProjectionService], exports: [ProjectionService] })
export class ProjectionModule {}
