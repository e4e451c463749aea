/**
 * A token outlives an erase: it was signed before and stays valid until it expires. This check,
 * made where a token could bring its conversation back (starting it, refreshing the token), refuses
 * a token whose conversation was erased (the activity log keeps a hashed mark for the token lifetime).
 */
import { RequestError } from '../../infra/errors.js';
import type { ActivityLog } from './activity-log.js';
import type { Credential } from './verification.js';

/** @throws RequestError 403 `ConversationErased` for a token of an erased conversation. */
export async function refuseErasedConversation(log: ActivityLog, credential: Credential): Promise<void> {
  if (credential.kind !== 'token' || !(await log.wasErased(credential.claims.conv))) return;
  throw new RequestError(
    403,
    'ConversationErased',
    "This conversation was erased at the customer's request; its token no longer works. Start a new conversation without it.",
  );
}
