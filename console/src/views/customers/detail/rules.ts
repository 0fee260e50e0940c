import type { FormItemRule, FormRules } from 'element-plus';
import { remarkSchema } from '@keeper/shared';
import { translate } from '@/locales';

export interface RemarkFormModel {
  remark: string;
  description: string;
  remarkCorpName: string;
  remarkMobiles: string[];
}

// Limits come from the contract's schema, so the form and the server cannot disagree about them.
const { remark, description, remarkCorpName, remarkMobiles } = remarkSchema.shape;
export const REMARK_MAX = remark.unwrap().maxLength ?? 20;
export const DESCRIPTION_MAX = description.unwrap().maxLength ?? 150;
export const REMARK_CORP_NAME_MAX = remarkCorpName.unwrap().maxLength ?? 64;
const mobilesSchema = remarkMobiles.unwrap();
/** The contract states the most numbers as a check, not a property: find it by asking the schema. */
export const REMARK_MOBILES_MAX = ((): number => {
  for (let n = 1; n <= 100; n += 1) {
    if (!mobilesSchema.safeParse(Array.from({ length: n }, () => '100')).success) return n - 1;
  }
  return 100;
})();

type Validator = NonNullable<FormItemRule['validator']>;

function maxLength(max: number, message: () => string): Validator {
  return (_rule, value: unknown, callback) => {
    if (typeof value === 'string' && value.length > max) callback(new Error(message()));
    else callback();
  };
}

const checkMobiles: Validator = (_rule, value: unknown, callback) => {
  const list = Array.isArray(value) ? (value as unknown[]) : [];
  const result = mobilesSchema.safeParse(list);
  if (result.success) return callback();
  const issue = result.error.issues[0];
  if (issue?.code === 'too_big') {
    return callback(new Error(translate('validation.mobilesMax', { max: Number(issue.maximum) })));
  }
  const index = typeof issue?.path[0] === 'number' ? issue.path[0] : 0;
  callback(new Error(translate('validation.mobileFormat', { value: String(list[index] ?? '') })));
};

export function createRemarkFormRules(options: { checkMobiles: () => boolean }): FormRules<RemarkFormModel> {
  return {
    remark: [
      { validator: maxLength(REMARK_MAX, () => translate('validation.remarkLength', { max: REMARK_MAX })) },
    ],
    description: [
      {
        validator: maxLength(DESCRIPTION_MAX, () =>
          translate('validation.descriptionLength', { max: DESCRIPTION_MAX }),
        ),
      },
    ],
    remarkCorpName: [
      {
        validator: maxLength(REMARK_CORP_NAME_MAX, () =>
          translate('validation.remarkCorpNameLength', { max: REMARK_CORP_NAME_MAX }),
        ),
      },
    ],
    // Masked numbers shown to viewers without `phones.view` are only checked once the user changes them.
    remarkMobiles: [
      {
        validator: (rule, value, callback, source, options2) =>
          options.checkMobiles() ? checkMobiles(rule, value, callback, source, options2) : callback(),
      },
    ],
  };
}
