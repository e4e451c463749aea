/**
 * The order-events API (bots/order-care/router.ts, docs/order-events.md) and the document's own
 * route, as documented operations.
 */
import { z } from 'zod';
import { eventSchema, ORDER_BODY_LIMIT, optInSchema } from '../order-care/router.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../order-care/signature.js';
import { type ApiOperation, looseObject, named, ok } from './api-operation.js';

const signed = {
  [TIMESTAMP_HEADER]: { description: 'Unix time in whole seconds when the request was signed', required: true },
  [SIGNATURE_HEADER]: { description: 'v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the shop secret>', required: true },
};
const refusals = {
  400: 'not JSON, or a field is not valid (the message names it)',
  401: 'missing or wrong signature, or a timestamp outside the replay window',
  413: `body over ${ORDER_BODY_LIMIT} bytes`,
  415: 'not Content-Type: application/json',
  429: 'over the request rate (Retry-After)',
  503: 'ORDER_EVENTS_SECRET is not set',
};

export const orderOperations: readonly ApiOperation[] = [
  {
    method: 'post',
    path: '/api/orders/events',
    tag: 'order-events',
    summary: 'One order event; a repeated event id answers as the first did and schedules nothing',
    access: 'orderSignature',
    headers: signed,
    body: named('OrderEvent', eventSchema),
    responses: {
      202: {
        description: 'accepted (Idempotent-Replayed: true on a repeat)',
        body: named('OrderEventAccepted', z.object({ eventId: z.string(), accepted: z.literal(true), notices: z.number().int() })),
        headers: { 'idempotent-replayed': 'true when this answers a repeated event id' },
      },
    },
    errors: { ...refusals, 409: 'this event id is being processed right now (in_progress)' },
  },
  {
    method: 'post',
    path: '/api/orders/subscriptions',
    tag: 'order-events',
    summary: 'Opt a customer in at checkout with their channel address',
    access: 'orderSignature',
    headers: signed,
    body: named('OrderSubscription', optInSchema),
    responses: { 204: { description: 'subscribed' } },
    errors: refusals,
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'meta',
    summary: 'This document',
    access: 'public',
    responses: { 200: ok('the OpenAPI 3.1 document', looseObject('OpenApiDocument', 'this document')) },
    errors: {},
  },
];
