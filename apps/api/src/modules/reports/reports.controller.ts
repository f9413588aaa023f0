import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdParam } from '../../common/http/id-param';
import { ReportsService } from './reports.service';
import type { EmergencyCardDto, RefillSheetDto } from '@pumpwatch/contracts';
import { ApiObject } from '../../openapi/api-docs';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('refill-sheet/:pumpId')
  @ApiOperation({
    summary: 'Refill-visit sheet: patient, pump, program, expected residual now, last refills, signatures',
  })
  @ApiObject('RefillSheetDto')
  refillSheet(@IdParam('pumpId') pumpId: string): Promise<RefillSheetDto> {
    return this.reports.refillSheet(pumpId);
  }

  @Get('emergency-card/:patientId')
  @ApiOperation({ summary: 'Patient emergency card: pump, drug, dose, next refill, clinic phones, withdrawal signs' })
  @ApiObject('EmergencyCardDto')
  emergencyCard(@IdParam('patientId') patientId: string): Promise<EmergencyCardDto> {
    return this.reports.emergencyCard(patientId);
  }
}
