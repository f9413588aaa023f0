import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { Roles } from '../../common/auth/actor';
import { IdParam } from '../../common/http/id-param';
import { FhirService } from './fhir.service';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** FHIR R4 export for the EHR: clinical roles only (front-desk staff do not export records). */
@ApiTags('fhir')
@ApiBearerAuth()
@Roles('physician', 'nurse', 'admin')
@Controller('fhir')
export class FhirController {
  constructor(private readonly fhir: FhirService) {}

  @Get('Patient/:id')
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({ summary: 'FHIR R4 Patient (identifier = MRN)' })
  patient(@IdParam() id: string): Promise<Patient> {
    return this.fhir.patient(id);
  }

  @Get('Patient/:id/\\$everything')
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({
    summary:
      'FHIR R4 searchset Bundle: Patient, Device, Medication, MedicationRequest, MedicationAdministration, ' +
      'DetectedIssue (unresolved alarms), Appointment; references are urn:uuid fullUrls within the bundle',
  })
  everything(@IdParam() id: string): Promise<Bundle> {
    return this.fhir.everything(id);
  }
}
