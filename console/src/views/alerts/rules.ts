import type { FormRules } from 'element-plus';
import { updateAlertSchema } from '@keeper/shared';
import { translate } from '@/locales';

export interface AlertNoteFormModel {
  note: string;
}

// The limit comes from the contract's schema, so the form and the server cannot disagree about it.
export const NOTE_MAX = updateAlertSchema.shape.note.unwrap().maxLength ?? 500;

export const alertNoteRules: FormRules<AlertNoteFormModel> = {
  note: [{ max: NOTE_MAX, message: () => translate('validation.noteLength', { max: NOTE_MAX }) }],
};
