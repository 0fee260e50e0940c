import type { FormItemRule, FormRules } from 'element-plus';
import { createUserSchema, type Role, type UserStatus } from '@keeper/shared';
import { translate } from '@/locales';

export interface UserFormModel {
  username: string;
  displayName: string;
  /** Required on create; on edit, empty keeps the current password. */
  password: string;
  roles: Role[];
  departmentIds: string[];
  wecomUserId: string;
  status: UserStatus;
}

// Limits come from the contract's schema, so the form and the server cannot disagree about them.
const { username, password, displayName } = createUserSchema.shape;
export const PASSWORD_MIN_LENGTH = password.minLength ?? 10;
const USERNAME_MIN = username.minLength ?? 2;
const USERNAME_MAX = username.maxLength ?? 64;
const DISPLAY_NAME_MAX = displayName.maxLength ?? 64;
const WECOM_USER_ID_MAX = 64;

type Validator = NonNullable<FormItemRule['validator']>;

function check(ok: (value: string) => boolean, message: () => string): Validator {
  return (_rule, value: unknown, callback) => {
    const text = typeof value === 'string' ? value : '';
    if (ok(text)) callback();
    else callback(new Error(message()));
  };
}

const passwordLong = () => translate('validation.passwordMin', { min: PASSWORD_MIN_LENGTH });

// Messages are functions so a language switch also changes the text of an error already on screen.
export function createUserFormRules(mode: 'create' | 'edit'): FormRules<UserFormModel> {
  return {
    username: [
      {
        required: mode === 'create',
        whitespace: true,
        message: () => translate('validation.usernameRequired'),
      },
      {
        validator: check(
          (v) => v.trim().length >= USERNAME_MIN && v.trim().length <= USERNAME_MAX,
          () => translate('validation.usernameLength'),
        ),
        trigger: 'blur',
      },
      {
        validator: check(
          (v) =>
            username.safeParse(v).success || v.trim().length < USERNAME_MIN || v.trim().length > USERNAME_MAX,
          () => translate('validation.usernameFormat'),
        ),
        trigger: 'blur',
      },
    ],
    displayName: [
      { required: true, whitespace: true, message: () => translate('validation.displayNameRequired') },
      {
        validator: check(
          (v) => v.trim().length <= DISPLAY_NAME_MAX,
          () => translate('validation.displayNameLength'),
        ),
      },
    ],
    password:
      mode === 'create'
        ? [
            { required: true, message: () => translate('validation.passwordRequired') },
            { validator: check((v) => v.length >= PASSWORD_MIN_LENGTH, passwordLong), trigger: 'blur' },
          ]
        : [
            {
              validator: check((v) => v === '' || v.length >= PASSWORD_MIN_LENGTH, passwordLong),
              trigger: 'blur',
            },
          ],
    roles: [{ type: 'array', required: true, min: 1, message: () => translate('validation.rolesRequired') }],
    wecomUserId: [
      {
        validator: check(
          (v) => v.trim().length <= WECOM_USER_ID_MAX,
          () => translate('validation.wecomUserIdLength'),
        ),
      },
    ],
  };
}
