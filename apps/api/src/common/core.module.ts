import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import { AppConfig } from '../config/config';
import { AuditAnchor } from '../modules/audit/audit-anchor';
import { AuditService } from '../modules/audit/audit.service';
import { ClinicSettingsService } from '../modules/clinic-settings/clinic-settings.service';
import { DrugLibraryService } from '../modules/drug-library/drug-library.service';
import { IdempotencyService } from '../modules/idempotency/idempotency.service';
import { UsersService } from '../modules/users/users.service';
import { AuthGuard } from './auth/auth.guard';
import { UserCache } from './auth/user-cache';
import { PumpChanges } from './pump-changes';

/** Cross-cutting services every feature module uses: auth, audit, idempotency, settings, drug library. */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'login', ttl: 60_000, limit: config.loginAttemptsPerMinute }],
        // per address and account: one noisy client cannot lock others out of signing in
        getTracker: (req: Record<string, unknown>) => {
          const r = req as unknown as Request;
          return `${r.ip}|${String((r.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`;
        },
      }),
    }),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        // A KeyObject, made once: given a string, jsonwebtoken first tries (and fails) to parse it as a public
        // key on every verify, which cost ~15 % of the CPU of an authenticated request (bench profile).
        const key = createSecretKey(Buffer.from(config.jwtSecret));
        return {
          secretOrKeyProvider: () => key,
          signOptions: { expiresIn: config.jwtTtlSeconds, algorithm: 'HS256' },
        };
      },
    }),
  ],
  providers: [
    AuditService,
    AuditAnchor,
    IdempotencyService,
    ClinicSettingsService,
    DrugLibraryService,
    UsersService,
    PumpChanges,
    UserCache,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [
    JwtModule,
    AuditService,
    AuditAnchor,
    IdempotencyService,
    ClinicSettingsService,
    DrugLibraryService,
    UsersService,
    PumpChanges,
    UserCache,
  ],
})
export class CoreModule {}
