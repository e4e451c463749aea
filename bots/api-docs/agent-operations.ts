/**
 * The agent API (desks/console/api-router.ts, docs/agent-api.md) and practice mode
 * (supervision/practice/practice-router.ts, docs/practice-mode.md) as documented operations.
 */
import { z } from 'zod';
import { agentProfileSchema, cannedReplySchema, deliveryNoticeSchema, ticketDetailsSchema, ticketSummarySchema } from '../../desks/console/desk-schemas.js';
import { cannedQuery, presenceBody, replyBody, textBody, ticketIdParams, transferBody } from '../../desks/console/request-schemas.js';
import { addBody, practiceIdParams, practiceReplyBody, reviewQuery, startBody } from '../../supervision/practice/practice-router.js';
import { AUTH_ERRORS, type ApiOperation, looseObject, named, ok } from './api-operation.js';

const A = '/api/agent';
const profile = ok('the agent profile of the token', named('AgentProfile', agentProfileSchema));
const noProfile = { ...AUTH_ERRORS, 404: 'the token belongs to no agent profile' };
const ticketParams = named('TicketIdParams', ticketIdParams);
const actionResult = ok(
  'the ticket after the action',
  named(
    'ActionResult',
    z.object({
      ticket: named('TicketSummary', ticketSummarySchema).schema,
      notices: z.array(deliveryNoticeSchema).optional(),
      messageId: z.string().optional().describe("a reply or file sent: the channel's id of the message, when it gave one"),
      repeated: z.literal(true).optional().describe('a send with the Idempotency-Key of one already sent: answered as it was, nothing sent again'),
    }),
  ),
);
/** The `Idempotency-Key` header of the two sends (desks/console/request-schemas.ts parseIdempotencyKey). */
const idempotencyKey = {
  'idempotency-key': {
    description:
      'one per composed message, the same on its retries (1 to 64 of A-Z a-z 0-9 . _ : -, a UUID fits): a repeat of a message sent answers as it did and sends nothing',
    required: false,
  },
};
const KEY_REUSED = 'key_reused: the Idempotency-Key was already used for another message (other words, another file); nothing was sent';
/** Refusals of the ticket actions (desks/console/http-errors.ts STATUS_OF_CODE). */
const actionErrors = {
  ...AUTH_ERRORS,
  400: 'invalid body (code invalid)',
  404: 'no such ticket (not_found), or nothing to claim (empty_queue)',
  409: 'the ticket or the agent is not in a state that allows it: already_claimed, not_queued, not_holder, agent_unavailable, at_capacity; in_progress: another attempt with the same Idempotency-Key is still sending',
  413: 'body over 32 kB',
  502: 'the customer channel refused the message (delivery_failed)',
};
const ticketAction = (path: string, summary: string, extra: Partial<ApiOperation> = {}): ApiOperation => ({
  method: 'post',
  path: `${A}/tickets/:id/${path}`,
  tag: 'agent',
  summary,
  access: 'agentToken',
  params: ticketParams,
  responses: { 200: actionResult },
  errors: actionErrors,
  ...extra,
});

const practiceSession = looseObject('PracticeSession', 'a practice session as its trainee or a supervisor sees it (docs/practice-mode.md)');
const practiceParams = named('PracticeIdParams', practiceIdParams);
const practiceErrors = { ...AUTH_ERRORS, 400: 'invalid body', 403: 'not allowed for this caller (trainee or supervisor routes)' };
const P = `${A}/practice`;

export const agentOperations: readonly ApiOperation[] = [
  { method: 'get', path: `${A}/me`, tag: 'agent', summary: 'Who the token belongs to', access: 'agentToken', responses: { 200: profile }, errors: noProfile },
  {
    method: 'put',
    path: `${A}/me/presence`,
    tag: 'agent',
    summary: 'Set presence (only available agents claim)',
    access: 'agentToken',
    body: named('PresenceBody', presenceBody),
    responses: { 200: profile },
    errors: { ...noProfile, 400: 'invalid presence' },
  },
  {
    method: 'get',
    path: `${A}/queue`,
    tag: 'agent',
    summary: 'Queued tickets the agent may take, best first, and their own',
    access: 'agentToken',
    responses: {
      200: ok('the queue', named('AgentQueue', z.object({ queued: z.array(ticketSummarySchema), mine: z.array(ticketSummarySchema) }))),
    },
    errors: AUTH_ERRORS,
  },
  {
    method: 'get',
    path: `${A}/tickets/:id`,
    tag: 'agent',
    summary: 'A ticket with its masked transcript',
    access: 'agentToken',
    params: ticketParams,
    responses: { 200: ok('the ticket', named('TicketDetails', ticketDetailsSchema)) },
    errors: { ...AUTH_ERRORS, 404: 'no such ticket, or not one the agent may see' },
  },
  ticketAction('claim', 'Claim a queued ticket (atomic: one agent wins)'),
  {
    method: 'post',
    path: `${A}/claim-next`,
    tag: 'agent',
    summary: 'Claim the best ticket the agent may take',
    access: 'agentToken',
    responses: { 200: actionResult },
    errors: actionErrors,
  },
  ticketAction('reply', "Send a reply to the customer (reviewed by the agents' coach when it is on)", {
    body: named('ReplyBody', replyBody),
    headers: idempotencyKey,
    errors: { ...actionErrors, 422: `review_flagged: the agents' coach flagged it, not sent (body has review); ${KEY_REUSED}` },
  }),
  {
    method: 'get',
    path: `${A}/tickets/:id/suggested-reply`,
    tag: 'agent',
    summary: "The coach's suggested answer to the customer's latest message",
    access: 'agentToken',
    params: ticketParams,
    responses: { 200: ok('the suggestion', looseObject('SuggestedReply', "the coach's suggestion (docs/agents-coach.md)")) },
    errors: { ...AUTH_ERRORS, 404: 'no such ticket', 429: 'too many suggestions asked (Retry-After)', 501: "the agents' coach is not set up" },
  },
  ticketAction('media', 'Send a file to the customer (the raw body; its type is sniffed)', {
    query: named('MediaQuery', z.object({ caption: textBody.shape.text.optional() })),
    headers: { 'x-file-name': { description: 'the file name, URI-encoded', required: false }, ...idempotencyKey },
    body: { raw: 'application/octet-stream', description: 'the file bytes, within the customer channel limits' },
    errors: {
      ...actionErrors,
      413: 'the file is too large',
      415: 'a file type the channel does not take',
      422: KEY_REUSED,
      501: 'files are not set up',
    },
  }),
  ticketAction('note', 'Add an internal note (customers never see it)', { body: named('TextBody', textBody) }),
  ticketAction('transfer', 'Transfer to an agent or a skill', { body: named('TransferBody', transferBody) }),
  ticketAction('return', 'Give the conversation back to the bot'),
  ticketAction('resolve', 'Resolve the ticket (the customer is asked for CSAT)'),
  {
    method: 'get',
    path: `${A}/canned`,
    tag: 'agent',
    summary: 'Canned replies, optionally for one locale',
    access: 'agentToken',
    query: named('CannedQuery', cannedQuery),
    responses: { 200: ok('the replies', named('CannedReplies', z.object({ replies: z.array(cannedReplySchema) }))) },
    errors: { ...AUTH_ERRORS, 400: 'locale is not a language tag' },
  },
  {
    method: 'get',
    path: `${P}/me`,
    tag: 'practice',
    summary: 'Whether the caller is a supervisor',
    access: 'agentOrAdminToken',
    responses: { 200: ok('the caller', named('PracticeCaller', z.object({ agentId: z.string().nullable(), supervisor: z.boolean() }))) },
    errors: AUTH_ERRORS,
  },
  {
    method: 'get',
    path: `${P}/scripts`,
    tag: 'practice',
    summary: 'Practice conversations a trainee may start',
    access: 'agentToken',
    responses: { 200: ok('the scripts', looseObject('PracticeScripts', '{ scripts: [{ id, locale, scenario, reason, lines }] }')) },
    errors: practiceErrors,
  },
  {
    method: 'post',
    path: `${P}/sessions`,
    tag: 'practice',
    summary: 'Start a practice session',
    access: 'agentToken',
    body: named('PracticeStartBody', startBody),
    responses: { 200: ok('the new session', practiceSession) },
    errors: { ...practiceErrors, 404: 'no such script, or no scripts yet', 429: 'too many sessions started (Retry-After)' },
  },
  {
    method: 'get',
    path: `${P}/sessions/:id`,
    tag: 'practice',
    summary: 'Read a session (due customer lines arrive as it is read)',
    access: 'agentOrAdminToken',
    params: practiceParams,
    responses: { 200: ok('the session', practiceSession) },
    errors: { ...practiceErrors, 404: 'no such session' },
  },
  {
    method: 'post',
    path: `${P}/sessions/:id/replies`,
    tag: 'practice',
    summary: 'Reply to the practice customer',
    access: 'agentToken',
    params: practiceParams,
    body: named('PracticeReplyBody', practiceReplyBody),
    responses: { 200: ok('the session', practiceSession) },
    errors: { ...practiceErrors, 404: 'no such session', 409: 'the session is finished' },
  },
  {
    method: 'post',
    path: `${P}/sessions/:id/end`,
    tag: 'practice',
    summary: 'End a session and score it',
    access: 'agentToken',
    params: practiceParams,
    responses: { 200: ok('the scored session', practiceSession) },
    errors: { ...practiceErrors, 404: 'no such session', 409: 'the session is finished' },
  },
  {
    method: 'get',
    path: `${P}/results`,
    tag: 'practice',
    summary: 'Results of every session (supervisors)',
    access: 'agentOrAdminToken',
    query: named('PracticeResultsQuery', reviewQuery),
    responses: { 200: ok('the sessions', looseObject('PracticeResults', '{ sessions: [...] }, newest first')) },
    errors: practiceErrors,
  },
  {
    method: 'get',
    path: `${P}/library`,
    tag: 'practice',
    summary: 'The practice library and resolved conversations to add to it (supervisors)',
    access: 'agentOrAdminToken',
    responses: { 200: ok('scripts and candidates', looseObject('PracticeLibrary', '{ scripts, candidates }')) },
    errors: practiceErrors,
  },
  {
    method: 'post',
    path: `${P}/library`,
    tag: 'practice',
    summary: 'Add a resolved conversation to the library, anonymised (supervisors)',
    access: 'agentOrAdminToken',
    body: named('PracticeAddBody', addBody),
    responses: { 200: ok('the new script', looseObject('PracticeScript', 'an anonymised practice conversation')) },
    errors: { ...practiceErrors, 404: 'no such ticket', 409: 'not resolved, already in the library, or the library is full', 422: 'nothing to practise' },
  },
  {
    method: 'delete',
    path: `${P}/library/:id`,
    tag: 'practice',
    summary: 'Remove a script from the library (supervisors)',
    access: 'agentOrAdminToken',
    params: practiceParams,
    responses: { 200: ok('removed', named('PracticeRemoved', z.object({ removed: z.literal(true) }))) },
    errors: { ...practiceErrors, 404: 'no such script' },
  },
];
