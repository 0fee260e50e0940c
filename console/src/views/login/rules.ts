import type { FormRules } from 'element-plus';
import type { LoginRequest } from '@keeper/shared';
import { translate } from '@/locales';

// Messages are functions so a language switch also changes the text of an error already on screen.
export const loginRules: FormRules<LoginRequest> = {
  username: [{ required: true, whitespace: true, message: () => translate('validation.usernameRequired') }],
  password: [{ required: true, message: () => translate('validation.passwordRequired') }],
};
