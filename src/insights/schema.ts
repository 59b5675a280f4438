/**
 * Schema pieces the kinds' insight_data share. Kept here (not in the routes'
 * schemas/common.ts) because the kinds sit below the routes; the spelling of a
 * nullable value is the same as common.ts Nullable: `type: [T, "null"]`.
 */
import { Type, type TSchemaOptions } from 'typebox';

export const NullableString = (options: TSchemaOptions) => Type.Unsafe<string | null>({ type: ['string', 'null'], ...options });

/** Why the record claims nothing (too little data, no signal); null when it does claim something. */
export const Reason = NullableString({
  description: 'Why this record claims nothing ("not enough data": too few posts, or no effect the data supports); null when it does',
});

export const Lift = Type.Number({ minimum: 0, description: 'Multiplicative lift on views at 7 days against your usual post: 1.5 = 50% more, 0.8 = 20% fewer' });

/** A 95% interval of a lift (two numbers, low then high). */
export const LiftInterval = Type.Array(Type.Number({ minimum: 0 }), {
  minItems: 2,
  maxItems: 2,
  description: 'Interval of the lift [low, high] at the level said by the kind (95%, widened for the number of tags compared)',
});
