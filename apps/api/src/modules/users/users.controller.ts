import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { UserDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { IdParam } from '../../common/http/id-param';
import { CreateUserDto, UpdateUserDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Everyone may list clinicians (second-checker pickers); only admins manage accounts. */
  @Get()
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Roles('admin')
  @Post()
  create(@CurrentUser() actor: Actor, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(actor, dto);
  }

  @Roles('admin')
  @Patch(':id')
  update(@CurrentUser() actor: Actor, @IdParam() id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.users.update(actor, id, dto);
  }
}
