/**
 * `GET /api/openapi.json`: the OpenAPI document of this Baton's APIs. Public on purpose: it describes
 * routes and shapes, never a token or a setting's value. Built once, on the first request.
 */
import express, { type Router } from 'express';
import { buildOpenApiDocument } from './openapi-document.js';

/** The path the document is served at. */
export const OPENAPI_PATH = '/api/openapi.json';

/** Builds the router, mounted at '/'. */
export function createOpenApiRouter(): Router {
  const router = express.Router();
  let body: string | undefined;
  router.get(OPENAPI_PATH, (_req, res) => {
    body ??= JSON.stringify(buildOpenApiDocument());
    res.type('application/json').set('cache-control', 'public, max-age=300').send(body);
  });
  return router;
}
