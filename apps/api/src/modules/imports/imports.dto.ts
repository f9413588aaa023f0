import { ApiPropertyOptional } from '@nestjs/swagger';
import { IMPORT_DATE_ORDERS, type ImportDateOrder } from '@pumpwatch/contracts';
import { IsIn, IsOptional } from 'class-validator';

const BOOLEAN_TEXT = ['true', 'false'];

export class ImportQuery {
  @ApiPropertyOptional({ enum: IMPORT_DATE_ORDERS, default: 'YMD', description: 'how dates in text cells are read' })
  @IsOptional()
  @IsIn(IMPORT_DATE_ORDERS)
  dateOrder?: ImportDateOrder;

  @ApiPropertyOptional({ enum: BOOLEAN_TEXT, description: 'true: report only, nothing stored (200)' })
  @IsOptional()
  @IsIn(BOOLEAN_TEXT)
  dryRun?: string;

  @ApiPropertyOptional({ enum: BOOLEAN_TEXT, description: 'true: store the valid rows and list the invalid ones' })
  @IsOptional()
  @IsIn(BOOLEAN_TEXT)
  skipInvalid?: string;
}
