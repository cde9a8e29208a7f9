import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { LoginEndpoint } from './login-endpoint.js';
import { OIDC_LOGIN_TTL_MS, OidcService } from './oidc.service.js';

/** Cookie tying a started OIDC login to the browser that started it (login CSRF protection). */
const COOKIE = 'equity_oidc';
const COOKIE_PATH = '/api/v1/auth/oidc';

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

@ApiTags('auth')
@Controller('v1/auth/oidc')
export class OidcController {
  constructor(private readonly oidc: OidcService) {}

  @Get('login')
  @LoginEndpoint(
    {
      summary: 'Sign in through the identity provider (OpenID Connect), when configured: redirects the browser there.',
      description:
        'Authorization code flow with PKCE, state and nonce (kept by the server for 10 minutes, tied to this browser by a cookie). ' +
        'Counts towards the per-address login limit (LOGIN_RATE_LIMIT).',
    },
    {
      302: 'To the identity provider.',
      404: 'OpenID Connect is not configured (OIDC_* settings).',
      503: 'The identity provider cannot be reached.',
    },
  )
  async login(@Res() res: Response): Promise<void> {
    const { url, binding } = await this.oidc.begin();
    res.cookie(COOKIE, binding, { httpOnly: true, secure: this.oidc.secureCookie, sameSite: 'lax', path: COOKIE_PATH, maxAge: OIDC_LOGIN_TTL_MS });
    res.redirect(302, url);
  }

  @Get('callback')
  @LoginEndpoint(
    {
      summary: 'Where the identity provider sends the browser back (OIDC_REDIRECT_URL).',
      description:
        'Exchanges the code, validates the ID token and maps the user-name claim (OIDC_USERNAME_CLAIM, default preferred_username) to an existing, active ' +
        'local account; then opens a session like a local login and redirects to `/login#token=<bearer token>`.',
    },
    {
      302: 'Signed in: to `/login#token=<bearer token>`.',
      400: 'Unknown, reused or expired state, or another browser than the one that started the sign-in.',
      401: 'The identity provider refused, or its answer could not be verified.',
      403: 'Identified, but no active local account has that user name (audited as auth.oidc_refused).',
      404: 'OpenID Connect is not configured (OIDC_* settings).',
    },
  )
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const query = new URLSearchParams(req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '');
    const binding = cookie(req, COOKIE);
    if (this.oidc.enabled) res.clearCookie(COOKIE, { httpOnly: true, secure: this.oidc.secureCookie, sameSite: 'lax', path: COOKIE_PATH });
    const session = await this.oidc.finish(query, binding);
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, `/login#token=${encodeURIComponent(session.token)}`);
  }
}
