/**
 * One documented HTTP operation: its route as express registers it, who may call it, and the zod
 * schemas the route validates with. The OpenAPI document (openapi-document.ts) is built from these
 * tables, and a test checks them against the routes the app really registers.
 */
import { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/** Who may call: the names of the document's security schemes ('public': anyone). */
export type Access = 'agentToken' | 'adminToken' | 'agentOrAdminToken' | 'orderSignature' | 'public';

/** A schema with the name it gets under `components.schemas`. */
export interface NamedSchema {
  readonly name: string;
  readonly schema: z.ZodType;
}

/** One answer of an operation: a JSON body (named schema), an empty body, or another media type. */
export interface ApiResponse {
  readonly description: string;
  readonly body?: NamedSchema;
  /** Not JSON, e.g. 'application/octet-stream'. */
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiOperation {
  readonly method: HttpMethod;
  /** The path as express registers it, parameters as `:name` (e.g. '/api/agent/tickets/:id/claim'). */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly access: Access;
  /** A z.object of the path parameters (every `:name` of `path`). */
  readonly params?: NamedSchema;
  readonly query?: NamedSchema;
  /** A JSON body, or the raw bytes of a file. */
  readonly body?: NamedSchema | { readonly raw: string; readonly description: string };
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly required: boolean }>>;
  /** Success answers by status. */
  readonly responses: Readonly<Record<number, ApiResponse>>;
  /** Refusals by status, each answered with the error envelope. */
  readonly errors: Readonly<Record<number, string>>;
}

/** Names a schema for `components.schemas`. */
export const named = (name: string, schema: z.ZodType): NamedSchema => ({ name, schema });

/** The body of every refusal, on every API Baton serves. */
export const errorEnvelope = named(
  'Error',
  z.object({
    error: z.object({
      code: z.string().describe('machine-readable: branch on this, e.g. not_found, invalid, already_claimed'),
      message: z.string().describe('human-readable, says the fix'),
    }),
  }),
);

/** A JSON object whose fields are described in the docs the route points to, not (yet) here. */
export const looseObject = (name: string, description: string): NamedSchema => named(name, z.object({}).loose().describe(description));

/** A JSON answer with `schema`. */
export const ok = (description: string, body: NamedSchema): ApiResponse => ({ description, body });

/** The refusals every operation behind a bearer token may answer. */
export const AUTH_ERRORS: Readonly<Record<number, string>> = { 401: 'missing or wrong token' };
export const ADMIN_ERRORS: Readonly<Record<number, string>> = {
  401: 'missing or wrong token',
  403: 'ADMIN_TOKEN is not set: the API is off (the dashboard token applies to the dashboard routes)',
};
