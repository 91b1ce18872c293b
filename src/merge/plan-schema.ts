/**
 * The §5 JSON document of `xmb merge --json` as a zod schema: the types of plan.ts come from it, and
 * the tests hold every document to it. Only tests import this module at run time, so that a merge
 * never loads zod (issue 9).
 */
import { z } from 'zod';
import { KIND_IDS } from '../config/constants.js';
import { SUBMISSION_STATUSES } from './select.js';

const offsetTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);

export const mergeSubmissionSchema = z
  .object({
    group: z.number().int().positive(),
    district: z.string(),
    kind: z.enum(KIND_IDS),
    status: z.enum(SUBMISSION_STATUSES),
    file: z.string().nullable(),
    receivedAt: offsetTime.nullable(),
    rows: z.number().int().nonnegative(),
  })
  .strict();

export const mergeDocumentSchema = z
  .object({
    version: z.literal(1),
    week: z.string().regex(/^\d{4}-W\d{2}$/),
    deadline: offsetTime,
    outputs: z.array(
      z
        .object({
          recipient: z.string(),
          kinds: z.array(z.enum(KIND_IDS)),
          file: z.string(),
          rows: z.number().int().nonnegative(),
        })
        .strict(),
    ),
    submissions: z.array(mergeSubmissionSchema),
  })
  .strict();

export type MergeDocument = z.infer<typeof mergeDocumentSchema>;
export type MergeSubmission = z.infer<typeof mergeSubmissionSchema>;
