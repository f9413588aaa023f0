import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiPublic } from '../../openapi/api-docs';

export const IS_PUBLIC = 'pumpwatch:isPublic';
/** Marks a route as reachable without a token (health, login, docs). Everything else needs auth. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiPublic());

export const DURING_MFA_ENROLMENT = 'pumpwatch:duringMfaEnrolment';
/**
 * Reachable by a session that must set up its second factor first (the clinic requires one and none is enrolled):
 * the enrolment routes, who am I, sign-out. Every other route answers 403 MFA_ENROLMENT_REQUIRED to it.
 */
export const DuringMfaEnrolment = () => SetMetadata(DURING_MFA_ENROLMENT, true);
