import { Module } from '@nestjs/common';
import { AuditAnchor } from './audit-anchor';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The hash-chained audit trail: every write appends to it in its own transaction; admins read and verify it. */
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditAnchor],
  exports: [AuditService, AuditAnchor],
})
export class AuditModule {}
