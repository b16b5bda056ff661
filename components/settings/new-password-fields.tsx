import { Field, TextInput } from "@/components/ui/field";

/** The new password typed twice, as both the change and the reset form ask for it (fields `newPassword`, `confirm`). */
export function NewPasswordFields({
  idPrefix,
  label,
  errors,
}: {
  idPrefix: string;
  label: string;
  errors: { newPassword?: string; confirm?: string };
}) {
  return (
    <>
      <Field id={`${idPrefix}-new-password`} label={label} error={errors.newPassword} hint="At least 12 characters.">
        <TextInput
          id={`${idPrefix}-new-password`}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          error={errors.newPassword}
        />
      </Field>
      <Field id={`${idPrefix}-new-password-again`} label="New password again" error={errors.confirm}>
        <TextInput
          id={`${idPrefix}-new-password-again`}
          name="confirm"
          type="password"
          autoComplete="new-password"
          error={errors.confirm}
        />
      </Field>
    </>
  );
}
