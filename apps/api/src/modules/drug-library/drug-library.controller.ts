import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DrugLibraryEntryDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { IdParam } from '../../common/http/id-param';
import { CreateDrugLibraryEntryDto, UpdateDrugLibraryEntryDto } from './drug-library.dto';
import { DrugLibraryService } from './drug-library.service';
import { ApiJson } from '../../openapi/api-docs';
import { DrugLibraryEntrySchema } from '../../openapi/schemas/system';

@ApiTags('drug-library')
@ApiBearerAuth()
@Controller('drug-library')
export class DrugLibraryController {
  constructor(private readonly drugs: DrugLibraryService) {}

  @Get()
  @ApiOperation({ summary: 'The drug library: the baclofen products and concentrations the clinic uses' })
  @ApiJson(DrugLibraryEntrySchema, { isArray: true })
  list(): Promise<DrugLibraryEntryDto[]> {
    return this.drugs.list();
  }

  @Roles('admin')
  @Post()
  @ApiOperation({ summary: 'Adds a product to the drug library (administrators)' })
  @ApiJson(DrugLibraryEntrySchema, { status: 201 })
  create(@CurrentUser() actor: Actor, @Body() dto: CreateDrugLibraryEntryDto): Promise<DrugLibraryEntryDto> {
    return this.drugs.create(actor, dto);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOperation({ summary: 'Changes a drug library entry (administrators)' })
  @ApiJson(DrugLibraryEntrySchema)
  update(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateDrugLibraryEntryDto,
  ): Promise<DrugLibraryEntryDto> {
    return this.drugs.update(actor, id, dto);
  }
}
