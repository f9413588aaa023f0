import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class AuditExportQuery {
  @ApiPropertyOptional({ description: 'only entries about this entity (same filter as GET /api/audit)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string;
}
