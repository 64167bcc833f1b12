-- An optional cover letter, written in the apply flow's résumé step.
ALTER TABLE applications ADD COLUMN cover_letter TEXT;
