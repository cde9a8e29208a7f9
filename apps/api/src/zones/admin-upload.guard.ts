import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { UPLOAD_MAX_BYTES } from '../returns/upload-preflight.guard.js';

/**
 * Sets the upload limit (UPLOAD_MAX_BYTES) for multer before an administrator's file is read, as
 * the returns upload's preflight does: a larger file is refused 413 the moment it is passed (the
 * admission gate already refuses one that announces more). The role is checked before, by the
 * global AuthGuard.
 */
@Injectable()
export class AdminUploadGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { [UPLOAD_MAX_BYTES]?: number }>();
    req[UPLOAD_MAX_BYTES] = this.config.uploads.maxBytes;
    return true;
  }
}
