/**
 * The one guard of everything operators reach with ADMIN_TOKEN (the admin API, /metrics and the
 * dashboard's data): `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time; every refusal
 * answers `{ error: { code, message } }`. Without a token nothing passes.
 */
import type { NextFunction, Request, Response } from 'express';
import { bearerToken, secretsEqual } from '../infra/secrets.js';

export interface AdminGuardOptions {
  /** Unset: every request answers 403 with `disabledMessage` (nothing is ever open without a token). */
  readonly adminToken?: string;
  readonly disabledMessage?: string;
}

/** Express middleware requiring the admin token. */
export function requireAdminToken({ adminToken, disabledMessage = 'Set ADMIN_TOKEN (16+ random characters) to turn this on.' }: AdminGuardOptions) {
  return function adminGuard(req: Request, res: Response, next: NextFunction): void {
    if (!adminToken) {
      res.status(403).json({ error: { code: 'admin_disabled', message: disabledMessage } });
      return;
    }
    const token = bearerToken(req.get('authorization'));
    if (token && secretsEqual(token, adminToken)) return next();
    res.status(401).json({ error: { code: 'unauthorized', message: 'Send "Authorization: Bearer <ADMIN_TOKEN>".' } });
  };
}
