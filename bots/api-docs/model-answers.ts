/**
 * The model versions API's answers (supervision/learning/models/models-router.ts) as zod schemas for the
 * OpenAPI document. The gate's figures are described in docs/learning-models.md and left open here; the
 * type checks at the end fail the build when the records change and these schemas do not.
 */
import { z } from 'zod';
import type { InstanceModelStatus, ModelVersion, Promotion } from '../../supervision/learning/models/model-versions.js';

const gate = z.object({}).loose().describe("the evaluation gate's figures and verdict (docs/learning-models.md)");

export const modelVersionSchema = z.object({
  id: z.string(),
  createdAt: z.number(),
  createdBy: z.string(),
  status: z.enum(['training', 'passed', 'failed', 'error']),
  comparedWith: z.string(),
  acceptedItems: z.number().int(),
  answers: z.record(z.string(), z.record(z.string(), z.string())).describe('new FAQ intents and their answers per locale'),
  gate: gate.optional(),
  error: z.string().optional(),
});

export const promotionSchema = z.object({
  action: z.enum(['promote', 'rollback']),
  at: z.number(),
  by: z.string(),
  from: z.string(),
  to: z.string(),
  gate: gate.optional(),
});

export const instanceModelStatusSchema = z.object({
  instanceId: z.string(),
  loaded: z.string(),
  wanted: z.string(),
  state: z.enum(['ok', 'loading', 'failed']),
  error: z.string().optional(),
  updatedAt: z.number(),
});

/** GET /api/admin/learning/models */
export const modelsAnswer = z.object({
  current: z.string().describe('the promoted version'),
  versions: z.array(modelVersionSchema).describe('newest first'),
  promotions: z.array(promotionSchema).describe('newest first'),
  instances: z.array(instanceModelStatusSchema),
});
/** POST /api/admin/learning/models/retrain (202) */
export const retrainAnswer = z.object({ version: modelVersionSchema });
/** POST /api/admin/learning/models/:id/promote and /rollback */
export const promotionAnswer = z.object({ promotion: promotionSchema });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Plain<T> = {
  -readonly [K in keyof Omit<T, 'gate'>]: T[K] extends Readonly<Record<string, Readonly<Record<string, string>>>>
    ? Record<string, Record<string, string>>
    : T[K];
};
const agree = <_T extends true>() => undefined;
agree<Same<Plain<ModelVersion>, Omit<z.infer<typeof modelVersionSchema>, 'gate'>>>();
agree<Same<Plain<Promotion>, Omit<z.infer<typeof promotionSchema>, 'gate'>>>();
agree<Same<Plain<InstanceModelStatus>, z.infer<typeof instanceModelStatusSchema>>>();
