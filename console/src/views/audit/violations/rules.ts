import type { FormRules } from 'element-plus';
import { updateViolationSchema, type UpdateViolationRequest } from '@keeper/shared';
import { translate } from '@/locales';

/** The violation being confirmed or dismissed, and which of the two. */
export interface ViolationHandling {
  id: string;
  ruleName: string;
  note: string | null;
  status: UpdateViolationRequest['status'];
}

export interface ViolationNoteFormModel {
  note: string;
}

// The limit comes from the contract's schema, so the form and the server cannot disagree about it.
export const NOTE_MAX = updateViolationSchema.shape.note.unwrap().maxLength ?? 500;

export const violationNoteRules: FormRules<ViolationNoteFormModel> = {
  note: [{ max: NOTE_MAX, message: () => translate('validation.noteLength', { max: NOTE_MAX }) }],
};
