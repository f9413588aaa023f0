import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  RISK_FACTORS,
  ROLES,
  SPASTICITY_ORIGINS,
  type OralBackupPlanDto,
  type Page,
  type PatientDto,
  type RiskFactor,
  type Role,
  type SignInResponse,
  type SpasticityOrigin,
  type UserDto,
} from '@pumpwatch/contracts';
import { Bool, Enum, Instant, Int, LocalDate, Num, Str, Uuid } from './fields';
import { PumpSchema } from './pumps';

/** Response schemas of users, sign-in and patients (`implements` keeps them in step with the contracts). */
export class UserSchema implements UserDto {
  @Uuid() id!: string;
  @Str({ format: 'email' }) email!: string;
  @Str() name!: string;
  @Enum(ROLES) role!: Role;
}

export class SignInSchema implements SignInResponse {
  @Str({ description: 'Bearer token for the Authorization header (short-lived)' }) accessToken!: string;
  @ApiProperty({ type: UserSchema }) user!: UserSchema;
  @Int({ description: 'seconds until the access token expires (renew with POST /api/auth/refresh)' })
  expiresInSeconds!: number;
  @Bool({ required: false, description: 'the clinic requires a second factor and none is enrolled yet' })
  mfaEnrollmentRequired?: boolean;
}

export class OralBackupPlanSchema implements OralBackupPlanDto {
  @Num({ description: 'oral baclofen per intake, mg' }) doseMg!: number;
  @Int({ description: 'intakes a day' }) timesPerDay!: number;
  @Str({ required: false, nullable: true }) notes?: string | null;
}

export class PatientSchema implements PatientDto {
  @Uuid() id!: string;
  @Str({ description: 'medical record number' }) mrn!: string;
  @Str() givenName!: string;
  @Str() familyName!: string;
  @LocalDate({ description: 'date of birth' }) birthDate!: string;
  @Enum(SPASTICITY_ORIGINS) spasticityOrigin!: SpasticityOrigin;
  @ApiProperty({ enum: [...RISK_FACTORS], isArray: true }) riskFactors!: RiskFactor[];
  @Str({ required: false }) phone?: string;
  @Str({ required: false, nullable: true }) contactPhone?: string | null;
  @Str({ required: false }) notes?: string;
  @ApiProperty({ type: OralBackupPlanSchema, nullable: true }) oralBackupPlan!: OralBackupPlanSchema | null;
  @Num({ required: false, nullable: true, description: 'effective screening bolus, mcg' })
  screeningDoseMcg?: number | null;
  @Bool({ description: 'a risk factor that makes withdrawal more dangerous' }) highRisk!: boolean;
  @Bool() pediatric!: boolean;
  @Int({ description: 'for If-Match / `version` on updates' }) version!: number;
  @Instant() createdAt!: string;
  @Instant() updatedAt!: string;
  @ApiPropertyOptional({ type: () => [PumpSchema], description: 'on GET /api/patients/{id} only' })
  pumps?: PumpSchema[];
}

export class PatientPageSchema implements Page<PatientDto> {
  @ApiProperty({ type: [PatientSchema] }) items!: PatientSchema[];
  @Int({ description: 'patients matching the search over all pages' }) total!: number;
}
