import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/actor';
import { IdParam } from '../../common/http/id-param';
import { FhirService } from './fhir.service';
import { ApiFhirJson } from '../../openapi/api-docs';

/** FHIR's media type on success only: errors keep PumpWatch's JSON envelope (not an OperationOutcome). */
function asFhir<T>(res: FastifyReply, body: T): T {
  res.type('application/fhir+json; charset=utf-8');
  return body;
}

/** FHIR R4 export for the EHR: clinical roles only (front-desk staff do not export records). */
@ApiTags('fhir')
@ApiBearerAuth()
@Roles('physician', 'nurse', 'admin')
@Controller('fhir')
export class FhirController {
  constructor(private readonly fhir: FhirService) {}

  @Get('Patient/:id')
  @ApiOperation({ summary: 'FHIR R4 Patient (identifier = MRN)' })
  @ApiFhirJson('FHIR R4 Patient resource')
  async patient(@IdParam() id: string, @Res({ passthrough: true }) res: FastifyReply): Promise<Patient> {
    return asFhir(res, await this.fhir.patient(id));
  }

  // `$` is literal in Fastify's router (under Express's path-to-regexp it had to be escaped)
  @Get('Patient/:id/$everything')
  @ApiOperation({
    summary:
      'FHIR R4 searchset Bundle: Patient, Device, Medication, MedicationRequest, MedicationAdministration, ' +
      'DetectedIssue (unresolved alarms), Appointment; references are urn:uuid fullUrls within the bundle',
  })
  @ApiFhirJson('FHIR R4 Bundle (type searchset)')
  async everything(@IdParam() id: string, @Res({ passthrough: true }) res: FastifyReply): Promise<Bundle> {
    return asFhir(res, await this.fhir.everything(id));
  }
}
