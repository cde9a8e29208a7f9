import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';

/**
 * The OpenAPI body of an upload: a multipart form with one required `file` (described by
 * `description`: formats, columns, limits) and any other form fields (`fields`). One definition for
 * the uploads of returns, zones and availability benchmarks.
 */
export function FileBody(description: string, fields: Record<string, Record<string, unknown>> = {}) {
  return applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: {
        type: 'object',
        required: ['file'],
        properties: { file: { type: 'string', format: 'binary', description }, ...fields },
      },
    }),
  );
}
