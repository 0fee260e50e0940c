import type { FormItemRule, FormRules } from 'element-plus';
import { createTagsSchema, editTagSchema } from '@keeper/shared';
import { translate } from '@/locales';

export interface TagsFormModel {
  groupName: string;
  tagNames: string[];
}

export interface RenameFormModel {
  name: string;
}

// Limits come from the contract's schemas, so the form and the server cannot disagree about them.
export const GROUP_NAME_MAX = createTagsSchema.shape.groupName.unwrap().maxLength ?? 30;
export const TAG_NAME_MAX = editTagSchema.shape.name.maxLength ?? 30;

type Validator = NonNullable<FormItemRule['validator']>;

const checkTagNames: Validator = (_rule, value: unknown, callback) => {
  const names = Array.isArray(value) ? value.map((name) => String(name).trim()).filter(Boolean) : [];
  if (!names.length) return callback(new Error(translate('validation.tagNamesRequired')));
  if (names.some((name) => name.length > TAG_NAME_MAX)) {
    return callback(new Error(translate('validation.tagNameLength', { max: TAG_NAME_MAX })));
  }
  callback();
};

/** `withGroupName`: creating a new group names it; adding to an existing group does not. */
export function createTagsFormRules(withGroupName: boolean): FormRules<TagsFormModel> {
  return {
    groupName: withGroupName
      ? [
          { required: true, whitespace: true, message: () => translate('validation.groupNameRequired') },
          {
            max: GROUP_NAME_MAX,
            message: () => translate('validation.groupNameLength', { max: GROUP_NAME_MAX }),
          },
        ]
      : [],
    tagNames: [{ validator: checkTagNames }],
  };
}

export const renameFormRules: FormRules<RenameFormModel> = {
  name: [
    { required: true, whitespace: true, message: () => translate('validation.tagNameRequired') },
    { max: TAG_NAME_MAX, message: () => translate('validation.tagNameLength', { max: TAG_NAME_MAX }) },
  ],
};
