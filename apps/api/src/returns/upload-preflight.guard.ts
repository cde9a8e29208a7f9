import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ReturnsService } from './returns.service.js';

/** Where the guard leaves the upload limit for multer (FileInterceptor's limits are read per request). */
export const UPLOAD_MAX_BYTES = Symbol('uploadMaxBytes');

/**
 * Cheap checks of an upload before its form is parsed and its file read (guards run before the
 * FileInterceptor that reads the form): the role (AuthGuard, already), the zone and quarter, and
 * the quarter not signed off (409, even for a preview: it cannot be changed). The body has been
 * received by then: the admission gate (core/admission.ts) hands a request on only once it has
 * arrived, and has already refused one announced or sent larger than UPLOAD_MAX_BYTES plus its form
 * (413). multer then stops a file past UPLOAD_MAX_BYTES itself (413, the same words).
 */
@Injectable()
export class UploadPreflightGuard implements CanActivate {
  constructor(
    private readonly returns: ReturnsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { user: AuthUser; [UPLOAD_MAX_BYTES]?: number }>();
    const maxBytes = this.config.uploads.maxBytes;
    req[UPLOAD_MAX_BYTES] = maxBytes;
    await this.returns.assertWritable(req.user, String(req.params['zone']), String(req.params['period']));
    return true;
  }
}

/** multer's limits for an upload: one file of at most UPLOAD_MAX_BYTES, a few short fields. */
export function uploadFormLimits(req: unknown): { fileSize: number; files: number; fields: number; fieldSize: number; parts: number } {
  const max = (req as { [UPLOAD_MAX_BYTES]?: number })[UPLOAD_MAX_BYTES] ?? 10 * 1024 * 1024;
  return { fileSize: max, files: 1, fields: 10, fieldSize: 4096, parts: 12 };
}
