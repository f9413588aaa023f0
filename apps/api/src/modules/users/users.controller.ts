import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { ClinicianDto, UserAccountDto, UserDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { IdParam } from '../../common/http/id-param';
import { MfaService } from '../auth/mfa.service';
import { CreateUserDto, UpdateUserDto } from './users.dto';
import { UsersService } from './users.service';
import { ApiJson, ApiNoContent, ApiObject } from '../../openapi/api-docs';
import { UserSchema } from '../../openapi/schemas/people';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly mfa: MfaService,
  ) {}

  /** Every account with its e-mail and role: administrators only (it is the list of who can sign in). */
  @Roles('admin')
  @Get()
  @ApiOperation({ summary: 'Every user account with its e-mail, role and second-factor state (administrators)' })
  @ApiObject('UserAccountDto[]', { isArray: true })
  list(): Promise<UserAccountDto[]> {
    return this.users.list();
  }

  /**
   * Nurses and physicians by name, for pickers (a refill's second checker, the on-call rota): no e-mail, no other
   * roles. `former=include` adds deactivated ones, so names in a record's history still resolve.
   */
  @Get('directory')
  @ApiQuery({ name: 'former', required: false, enum: ['include'] })
  @ApiOperation({
    summary:
      'Nurses and physicians by name for pickers (e.g. the second checker); former=include adds deactivated ones',
  })
  @ApiObject('ClinicianDto[]', { isArray: true })
  directory(@Query('former') former?: string): Promise<ClinicianDto[]> {
    return this.users.directory({ includeFormer: former === 'include' });
  }

  @Roles('admin')
  @Post()
  @ApiOperation({ summary: 'Creates a user account (administrators; the password policy applies)' })
  @ApiJson(UserSchema, { status: 201 })
  create(@CurrentUser() actor: Actor, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(actor, dto, { passwordPolicy: true });
  }

  /** Removes a user's second factor (lost phone): they set up a new one at their next sign-in. */
  @Roles('admin')
  @Delete(':id/mfa')
  @HttpCode(204)
  @ApiOperation({ summary: "Removes a user's second factor (lost phone): they set up a new one at their next sign-in" })
  @ApiNoContent('Removed')
  resetMfa(@CurrentUser() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.mfa.reset(actor, id);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOperation({ summary: "Changes a user's name, role, password or active state (administrators)" })
  @ApiJson(UserSchema)
  update(@CurrentUser() actor: Actor, @IdParam() id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.users.update(actor, id, dto, { passwordPolicy: true });
  }
}
