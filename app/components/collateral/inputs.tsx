import { useId } from "react";
import { useTranslation } from "react-i18next";

/** A translated field error, with its space reserved so a message never moves the buttons. */
export function FieldError({ id, error }: { id?: string; error?: string }) {
  const { t } = useTranslation();
  return (
    <p id={id} className="mt-1 min-h-[1.25rem] text-xs text-red-700" role={error ? "alert" : undefined}>
      {error ? t(`validation.${error}`, { defaultValue: t("errors.INVALID") }) : ""}
    </p>
  );
}

type SelectProps = {
  label: string;
  name: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  errors?: string[];
  hint?: string;
} & Omit<React.SelectHTMLAttributes<HTMLSelectElement>, "name">;

export function SelectField({ label, name, options, errors, hint, ...select }: SelectProps) {
  const id = useId();
  const error = errors?.[0];
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={id} name={name} className="input mt-1" aria-invalid={error ? true : undefined} aria-describedby={`${id}-error`} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

type TextAreaProps = { label: string; name: string; errors?: string[]; hint?: string } & Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, "name">;

export function TextAreaField({ label, name, errors, hint, ...area }: TextAreaProps) {
  const id = useId();
  const error = errors?.[0];
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea id={id} name={name} className="input mt-1" aria-invalid={error ? true : undefined} aria-describedby={`${id}-error`} {...area} />
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

/** A headline number in a summary card. */
export function Stat({ label, children, hint }: { label: string; children: React.ReactNode; hint?: string }) {
  return (
    <div className="card p-4">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500" title={hint}>
        {label}
      </p>
      <div className="mt-1 text-xl font-semibold text-slate-900">{children}</div>
    </div>
  );
}

/** A card section with a heading and an optional lead line. */
export function Section({ id, title, lead, children, actions }: { id: string; title: string; lead?: string; children: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <section className="card" aria-labelledby={id} id={`section-${id}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id={id} className="text-lg font-semibold">
            {title}
          </h2>
          {lead ? <p className="mt-1 text-sm text-slate-600">{lead}</p> : null}
        </div>
        {actions}
      </div>
      <div className="mt-4">{children}</div>
    </section>
  );
}

/** The file picker of every document upload: the types the server accepts (it checks the bytes again). */
export function DocumentFileInput({ id, label, hint, error }: { id: string; label: string; hint: string; error?: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input id={id} type="file" name="file" required accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg" className="mt-1 block w-full text-sm" />
      <p className="mt-1 text-xs text-slate-500">{hint}</p>
      <FieldError error={error} />
    </div>
  );
}
