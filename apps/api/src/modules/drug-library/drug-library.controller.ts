import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { DrugLibraryEntryDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { IdParam } from '../../common/http/id-param';
import { CreateDrugLibraryEntryDto, UpdateDrugLibraryEntryDto } from './drug-library.dto';
import { DrugLibraryService } from './drug-library.service';

@ApiTags('drug-library')
@ApiBearerAuth()
@Controller('drug-library')
export class DrugLibraryController {
  constructor(private readonly drugs: DrugLibraryService) {}

  @Get()
  list(): Promise<DrugLibraryEntryDto[]> {
    return this.drugs.list();
  }

  @Roles('admin')
  @Post()
  create(@CurrentUser() actor: Actor, @Body() dto: CreateDrugLibraryEntryDto): Promise<DrugLibraryEntryDto> {
    return this.drugs.create(actor, dto);
  }

  @Roles('admin')
  @Patch(':id')
  update(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateDrugLibraryEntryDto,
  ): Promise<DrugLibraryEntryDto> {
    return this.drugs.update(actor, id, dto);
  }
}
