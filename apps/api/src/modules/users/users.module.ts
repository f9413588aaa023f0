import { Module } from '@nestjs/common';
import { AccessModule } from '../../common/auth/access.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** User accounts (admin): create, change role, deactivate, reset a second factor (AuthModule's MfaService). */
@Module({
  imports: [AuditModule, AccessModule, AuthModule],
  controllers: [UsersController],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersModule {}
