/**
 * What operators reach with ADMIN_TOKEN (or, for the dashboard's data, the demo's printed token): erase
 * (bots/admin-router.ts), learning review (bots/learning/learning-router.ts), model versions
 * (supervision/learning/models/models-router.ts), the radar (bots/ops/radar-router.ts) and the
 * dashboard's JSON (bots/ops/ops-router.ts, bots/ops/scorecard-router.ts), as documented operations.
 */
import { z } from 'zod';
import { conversationParams, customerParams } from '../admin-router.js';
import { dismissBody, groupParams, groupsQuery, itemParams, newIntentBody, phrasingsBody } from '../learning/learning-router.js';
import { actionBody, bannerBody, bannerParams, incidentParams } from '../ops/radar-router.js';
import { summaryQuery } from '../ops/ops-router.js';
import { scorecardQuery } from '../ops/scorecard-router.js';
import { byBody, versionParams } from '../../supervision/learning/models/models-router.js';
import { conversationEraseAnswer, customerEraseAnswer } from './erase-answers.js';
import { modelsAnswer, promotionAnswer, retrainAnswer } from './model-answers.js';
import { ADMIN_ERRORS, type ApiOperation, looseObject, named, ok } from './api-operation.js';

const invalid = { ...ADMIN_ERRORS, 400: 'invalid parameter or body (the message says which)' };
const reviewResult = (name: string) => ok('the result', looseObject(name, 'see docs/learning-loop.md'));
const reviewErrors = { ...invalid, 404: 'no such item', 409: 'the group changed, the intent exists, or the store is full', 413: 'body over 16 kB' };
const group = named('LearningGroupParams', groupParams);
const by = named('ByBody', byBody);
const promotion = ok('the promotion', named('ModelPromotion', promotionAnswer));
const radarAnswer = (name: string) => ok('the incident or banner after the action', looseObject(name, 'see docs/incident-radar.md'));
const radarAction = named('RadarActionBody', actionBody);
const banner = named('RadarBannerParams', bannerParams);

export const adminOperations: readonly ApiOperation[] = [
  {
    method: 'delete',
    path: '/api/admin/conversations/:conversationId',
    tag: 'admin',
    summary: 'Erase a conversation (GDPR art. 17, PIPL art. 47)',
    access: 'adminToken',
    params: named('EraseConversationParams', conversationParams),
    responses: { 200: ok('what was found and removed, kind by kind', named('ConversationErased', conversationEraseAnswer)) },
    errors: invalid,
  },
  {
    method: 'delete',
    path: '/api/admin/customers/:channel/:userId',
    tag: 'admin',
    summary: 'Erase every conversation a customer had on a channel',
    access: 'adminToken',
    params: named('EraseCustomerParams', customerParams),
    responses: { 200: ok('what was found and removed, per conversation', named('CustomerErased', customerEraseAnswer)) },
    errors: invalid,
  },
  {
    method: 'get',
    path: '/learning/api/groups',
    tag: 'learning',
    summary: 'Groups of open misses, largest first',
    access: 'adminToken',
    query: named('LearningGroupsQuery', groupsQuery),
    responses: { 200: reviewResult('LearningGroups') },
    errors: { ...invalid, 429: 'the misses changed and regrouping is over MISSES_SETTINGS.regroupsPerHour (regroup_limited, Retry-After)' },
  },
  {
    method: 'get',
    path: '/learning/api/intents',
    tag: 'learning',
    summary: "The model's intents and the bot's locales",
    access: 'adminToken',
    responses: { 200: ok('intents and locales', named('LearningIntents', z.object({ intents: z.array(z.string()), locales: z.array(z.string()) }))) },
    errors: ADMIN_ERRORS,
  },
  {
    method: 'post',
    path: '/learning/api/groups/:groupId/phrasings',
    tag: 'learning',
    summary: "Add a group's misses to an intent as phrasings",
    access: 'adminToken',
    params: group,
    body: named('PhrasingsBody', phrasingsBody),
    responses: { 200: reviewResult('AcceptedItem') },
    errors: reviewErrors,
  },
  {
    method: 'post',
    path: '/learning/api/groups/:groupId/new-intent',
    tag: 'learning',
    summary: 'Make a new intent of a group, with its answers',
    access: 'adminToken',
    params: group,
    body: named('NewIntentBody', newIntentBody),
    responses: { 200: reviewResult('AcceptedIntent') },
    errors: reviewErrors,
  },
  {
    method: 'post',
    path: '/learning/api/groups/:groupId/dismiss',
    tag: 'learning',
    summary: 'Dismiss a group',
    access: 'adminToken',
    params: group,
    body: named('DismissBody', dismissBody),
    responses: { 200: ok('how many misses were dismissed', named('Dismissed', z.object({ dismissed: z.number().int() }))) },
    errors: reviewErrors,
  },
  {
    method: 'get',
    path: '/learning/api/accepted',
    tag: 'learning',
    summary: 'Accepted items waiting for retraining',
    access: 'adminToken',
    responses: { 200: reviewResult('AcceptedItems') },
    errors: ADMIN_ERRORS,
  },
  {
    method: 'delete',
    path: '/learning/api/accepted/:itemId',
    tag: 'learning',
    summary: 'Withdraw an accepted item',
    access: 'adminToken',
    params: named('AcceptedItemParams', itemParams),
    responses: { 200: reviewResult('WithdrawnItem') },
    errors: reviewErrors,
  },
  {
    method: 'get',
    path: '/api/admin/learning/models',
    tag: 'models',
    summary: "Model versions, the promoted one, promotions and each instance's loaded version",
    access: 'adminToken',
    responses: { 200: ok('versions, promotions and instances', named('ModelVersions', modelsAnswer)) },
    errors: ADMIN_ERRORS,
  },
  {
    method: 'post',
    path: '/api/admin/learning/models/retrain',
    tag: 'models',
    summary: 'Start a retrain (one at a time across instances)',
    access: 'adminToken',
    body: by,
    responses: { 202: ok('the version being trained', named('RetrainStarted', retrainAnswer)) },
    errors: { ...invalid, 409: 'a retrain is running (retrain_running)', 429: 'over LEARNING_SETTINGS.retrainsPerHour (retrain_limited, Retry-After)' },
  },
  {
    method: 'post',
    path: '/api/admin/learning/models/rollback',
    tag: 'models',
    summary: 'Roll back to the previously promoted version',
    access: 'adminToken',
    body: by,
    responses: { 200: promotion },
    errors: { ...invalid, 409: 'nothing to roll back to, or its files were pruned' },
  },
  {
    method: 'post',
    path: '/api/admin/learning/models/:id/promote',
    tag: 'models',
    summary: 'Promote a version that passed its gate',
    access: 'adminToken',
    params: named('ModelVersionParams', versionParams),
    body: by,
    responses: { 200: promotion },
    errors: { ...invalid, 404: 'no such version', 409: 'not passed, already current, or the gate is outdated' },
  },
  {
    method: 'post',
    path: '/api/admin/radar/incidents/:id/:action',
    tag: 'radar',
    summary: 'Acknowledge or resolve an incident',
    access: 'adminToken',
    params: named('IncidentParams', incidentParams),
    body: radarAction,
    responses: { 200: radarAnswer('Incident') },
    errors: { ...invalid, 404: 'no such incident', 409: 'already resolved' },
  },
  {
    method: 'put',
    path: '/api/admin/radar/banners/:intent',
    tag: 'radar',
    summary: 'Publish a banner customers see for an intent',
    access: 'adminToken',
    params: banner,
    body: named('BannerBody', bannerBody),
    responses: { 200: radarAnswer('Banner') },
    errors: { ...invalid, 400: 'invalid body, or an intent the bot does not know (unknown_intent)', 404: 'no such incident' },
  },
  {
    method: 'post',
    path: '/api/admin/radar/banners/:intent/withdraw',
    tag: 'radar',
    summary: 'Withdraw a banner',
    access: 'adminToken',
    params: banner,
    body: radarAction,
    responses: { 200: radarAnswer('WithdrawnBanner') },
    errors: { ...invalid, 404: 'no banner for that intent' },
  },
  {
    method: 'get',
    path: '/dashboard/api/summary',
    tag: 'dashboard',
    summary: "The supervisor dashboard's figures over a window, every instance",
    access: 'adminToken',
    query: named('SummaryQuery', summaryQuery),
    responses: { 200: ok('the figures', looseObject('DashboardSummary', 'see bots/ops/dashboard-summary.ts')) },
    errors: invalid,
  },
  {
    method: 'get',
    path: '/dashboard/api/scorecard',
    tag: 'dashboard',
    summary: "The agents' scorecard over a window",
    access: 'adminToken',
    query: named('ScorecardQuery', scorecardQuery),
    responses: { 200: ok('the scorecard', looseObject('AgentScorecard', 'see docs/agent-scorecard.md')) },
    errors: invalid,
  },
  {
    method: 'get',
    path: '/dashboard/api/radar',
    tag: 'dashboard',
    summary: "The radar's readings, incidents (newest first), banners and rules",
    access: 'adminToken',
    responses: { 200: ok('the radar', looseObject('RadarView', '{ readings, incidents, banners, rules }')) },
    errors: ADMIN_ERRORS,
  },
];
