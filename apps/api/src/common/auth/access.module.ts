import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/config';
import { AuthGuard } from './auth.guard';
import { UserCache } from './user-cache';

/**
 * Who may call what: the guard every route passes (APP_GUARD, so it applies app-wide wherever it is declared), the
 * signed session tokens (JwtModule), the cache of live sessions and the sign-in throttle's settings. Features that
 * sign tokens or forget cached sessions import it.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'login', ttl: 60_000, limit: config.loginAttemptsPerMinute }],
        // per address and account: one noisy client cannot lock others out of signing in
        getTracker: (req: Record<string, unknown>) => {
          const r = req as unknown as FastifyRequest;
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
  providers: [UserCache, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [JwtModule, ThrottlerModule, UserCache],
})
export class AccessModule {}
