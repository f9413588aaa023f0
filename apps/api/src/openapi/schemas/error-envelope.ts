import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Every error response: the HTTP status, a machine-readable code and the reason in words. */
export class ErrorEnvelope {
  @ApiProperty({ type: Number, example: 422 })
  statusCode!: number;

  @ApiProperty({ type: String, example: 'VERSION_CONFLICT', description: 'machine-readable error code' })
  code!: string;

  @ApiProperty({ type: String, description: 'the reason in words' })
  message!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'what a client needs to act on it (e.g. the failed fields, the current version)',
  })
  details?: Record<string, unknown>;
}
