import type { Child } from "hono/jsx";
import { useT } from "../env.ts";

/** Form controls with their label, hint and error tied to them for screen readers. */
interface FieldProps {
  name: string;
  /** The element id, when one page has several forms with the same field names. Defaults to `name`. */
  id?: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  /** Marks the label "(optional)" in forms where most fields are required. */
  optional?: boolean;
}

function describedBy(name: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function Label({ name, id = name, label, hint, error, optional }: FieldProps) {
  const t = useT();
  return (
    <>
      {/* The label is only the field's name; the hint is its description (aria-describedby), not part of its name. */}
      <label for={id}>
        {label}
        {optional && <span class="hint inline"> {t("form.optional")}</span>}
      </label>
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

type TextFieldProps = FieldProps & {
  value?: string | undefined;
  type?: string;
  autocomplete?: string;
  maxlength?: number;
  accept?: string;
};

export function TextField(props: TextFieldProps) {
  const { name, id = name, value, type = "text", error, hint, required, autocomplete, maxlength, accept } = props;
  return (
    <>
      <Label {...props} />
      <input
        type={type}
        id={id}
        name={name}
        value={value ?? ""}
        required={required}
        autocomplete={autocomplete}
        maxlength={maxlength}
        accept={accept}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </>
  );
}

export function TextArea(props: FieldProps & { value?: string | undefined; maxlength?: number }) {
  const { name, id = name, value, error, hint, required, maxlength } = props;
  return (
    <>
      <Label {...props} />
      <textarea
        id={id}
        name={name}
        required={required}
        maxlength={maxlength}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {value ?? ""}
      </textarea>
    </>
  );
}

export function Select(props: FieldProps & { value?: string | undefined; options: { value: string; label: string }[]; empty?: string }) {
  const { name, value, error, hint, required, options, empty } = props;
  return (
    <>
      <Label {...props} />
      <select
        id={name}
        name={name}
        required={required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(name, hint, error)}
      >
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}

export function Checkbox({ name, label, checked, hint }: { name: string; label: string; checked: boolean; hint?: string }) {
  return (
    <>
      <label class="choice" for={name}>
        <input type="checkbox" id={name} name={name} checked={checked} aria-describedby={hint ? `${name}-hint` : undefined} />
        {label}
      </label>
      {hint && (
        <span class="hint" id={`${name}-hint`}>
          {hint}
        </span>
      )}
    </>
  );
}

/** A summary of everything wrong, at the top of a form that came back with errors. */
export function ErrorSummary({ errors }: { errors: Record<string, string> }) {
  const t = useT();
  const count = Object.keys(errors).length;
  if (count === 0) return null;
  return (
    <div class="alert" role="alert">
      <p>{t("form.errorSummary", { count })}</p>
    </div>
  );
}

export function Notice({ children }: { children?: Child }) {
  return (
    <div class="notice" role="status">
      {children}
    </div>
  );
}
