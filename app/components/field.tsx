import { useId } from "react";
import { useTranslation } from "react-i18next";

type Props = {
  label: string;
  name: string;
  errors?: string[];
  hint?: string;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name">;

/** A labelled input whose hint and translated error are tied to it for screen readers; error space is reserved. */
export function Field({ label, name, errors, hint, ...input }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const error = errors?.[0];
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input id={id} name={name} className="input mt-1" aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <p id={`${id}-error`} className="mt-1 min-h-[1.25rem] text-xs text-red-700" role={error ? "alert" : undefined}>
        {error ? t(`validation.${error}`, { defaultValue: t("errors.INVALID") }) : ""}
      </p>
    </div>
  );
}

export function FormError({ code }: { code?: string | null }) {
  const { t } = useTranslation();
  if (!code) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      {t(`errors.${code}`, { defaultValue: t("errors.INVALID") })}
    </div>
  );
}

export function Notice({ children, tone = "info" }: { children: React.ReactNode; tone?: "info" | "success" | "warning" }) {
  const tones = {
    info: "border-brand-100 bg-brand-50 text-brand-900",
    success: "border-green-200 bg-green-50 text-green-900",
    warning: "border-amber-200 bg-amber-50 text-amber-900",
  };
  return <div role="status" className={`rounded-md border px-4 py-3 text-sm ${tones[tone]}`}>{children}</div>;
}
