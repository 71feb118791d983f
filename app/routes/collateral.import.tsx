import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  json,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { IdSchema } from "../../server/domain/schemas/accounts";
import type { ImportDetail, ImportView } from "../../server/services/collateral/import/store";
import type { ImportIssue, ImportKind } from "../../server/services/collateral/import/types";
import { CsrfField } from "~/components/csrf-field";
import { FormError, Notice } from "~/components/field";
import { Time } from "~/components/time";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { UPLOAD_STATUS, receiveUpload } from "~/utils/upload.server";
import { importFileSink } from "~/components/collateral/import-files.server";
import { pageTitle } from "~/utils/meta";
import { useRootData } from "~/utils/root-data";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "imports.title");

const KINDS: readonly ImportKind[] = ["loan_book", "registry_feed"];
const POLL_MS = 700;
const SAMPLE_GROUPS = [
  { label: "imports.samplesLoanBook", names: ["assets.csv", "loans.csv", "pledges.csv", "valuations.csv", "risk-shares.csv"] },
  { label: "imports.samplesFeed", names: ["registry-feed.csv", "registry-feed.json"] },
  { label: "imports.samplesErrors", names: ["loans-with-errors.csv", "pledges-with-errors.csv", "risk-shares-with-errors.csv"] },
] as const;

const isRunning = (status: string) => status === "queued" || status === "running";
const RECORD_ORDER = ["assets", "loans", "parties", "pledges", "valuations", "risk_sharing", "events"];
const byRecordOrder = ([a]: [string, unknown], [b]: [string, unknown]) => RECORD_ORDER.indexOf(a) - RECORD_ORDER.indexOf(b);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "collateral:manage");
  const imports = context.services.imports;
  const requested = new URL(request.url).searchParams.get("id");
  const recent = await imports.list(principal, 20);
  let selected: ImportDetail | null = null;
  if (requested) {
    // Another bank's import looks exactly like one that does not exist.
    selected = IdSchema.safeParse(requested).success ? await imports.get(principal, requested) : null;
    if (!selected) throw new Response("Not found", { status: 404 });
  } else if (recent[0] && isRunning(recent[0].status)) {
    selected = await imports.get(principal, recent[0].id);
  }
  return json({
    recent,
    selected,
    formats: imports.formats,
    samples: imports.sampleNames,
    limits: { maxFiles: imports.limits.maxFiles, maxMb: imports.limits.maxBytes / (1024 * 1024) },
  });
}

type ActionData = { formError: string };
const REFUSAL_STATUS: Record<string, number> = { ...UPLOAD_STATUS, IMPORT_FILE_TYPE: 415, IMPORT_NOT_TEXT: 415 };
const refuse = (code: string) => json<ActionData>({ formError: code }, { status: REFUSAL_STATUS[code] ?? 422 });

/**
 * The upload is multipart, which `readForm` cannot read: the caller is identified and authorised first
 * (from headers only, so no one unknown makes us read files), then the form streams in behind its CSRF
 * token, each file decoded as it arrives and the import's limits counted on the way. Any other body goes
 * through `readForm` like every form.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    await readForm(request, context);
    await requireUser(context, request, "collateral:manage");
    return json<ActionData>({ formError: "INVALID" }, { status: 400 });
  }
  const principal = await requireUser(context, request, "collateral:manage");
  const received = await receiveUpload(request, context, importFileSink(context.services.imports.limits), async () => undefined);
  if (!received.ok) return refuse(received.code);
  const kind = received.fields.get("kind");
  if (kind !== "loan_book" && kind !== "registry_feed") return refuse("INVALID");
  const created = await context.services.imports.create(principal, { kind, files: received.files });
  if (!created.ok) return refuse(created.code);
  return redirect(`/collateral/import?id=${created.id}`);
}

type Selected = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["selected"]>;

export default function ImportPage() {
  const { t } = useTranslation();
  const { recent, selected, formats, samples, limits } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  usePolling(selected !== null && isRunning(selected.status));
  return (
    <div className="space-y-6">
      <section className="card" aria-labelledby="import-form">
        <h2 id="import-form" className="text-xl font-semibold">
          {t("imports.title")}
        </h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("imports.lead")}</p>
        <div className="mt-4">
          <FormError code={data?.formError} />
        </div>
        <Form method="post" encType="multipart/form-data" className="mt-4 space-y-4">
          <CsrfField />
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">{t("imports.kindLabel")}</legend>
            <div className="mt-2 grid gap-3 md:grid-cols-2">
              {KINDS.map((kind) => (
                <label key={kind} className="flex gap-3 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-brand-600">
                  <input type="radio" name="kind" value={kind} defaultChecked={kind === "loan_book"} className="mt-1" />
                  <span>
                    <span className="font-medium">{t(`imports.kinds.${kind}`)}</span>
                    <span className="mt-1 block text-slate-600">{t(`imports.kindHints.${kind}`)}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <div>
            <label htmlFor="import-files" className="block text-sm font-medium text-slate-700">
              {t("imports.filesLabel")}
            </label>
            <input id="import-files" name="files" type="file" multiple required accept=".csv,.json,text/csv,application/json" className="input mt-1" aria-describedby="import-files-hint" />
            <p id="import-files-hint" className="mt-1 text-xs text-slate-500">
              {t("imports.filesHint", { maxFiles: limits.maxFiles, maxMb: limits.maxMb })}
            </p>
          </div>
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            {t("imports.submit")}
          </button>
        </Form>
      </section>

      {selected ? <ImportDetails item={selected} /> : null}

      <section className="card" aria-labelledby="import-recent">
        <h2 id="import-recent" className="text-lg font-semibold">
          {t("imports.recentTitle")}
        </h2>
        {recent.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">{t("imports.noImports")}</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="table" data-testid="recent-imports">
              <thead>
                <tr>
                  <th>{t("imports.started")}</th>
                  <th>{t("imports.kind")}</th>
                  <th>{t("imports.files")}</th>
                  <th>{t("imports.status")}</th>
                  <th className="text-right">{t("imports.rows")}</th>
                  <th className="text-right">{t("imports.errorCount")}</th>
                  <th>
                    <span className="sr-only">{t("common.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {recent.map((item) => (
                  <tr key={item.id} className={item.id === selected?.id ? "bg-brand-50" : undefined}>
                    <td>
                      <Time value={item.createdAt} />
                    </td>
                    <td>{t(`imports.kinds.${item.kind}`)}</td>
                    <td className="max-w-xs truncate">{item.summary.files.map((f) => f.name).join(", ")}</td>
                    <td>
                      <StatusBadge status={item.status} />
                    </td>
                    <td className="text-right tabular-nums">{item.totalRows}</td>
                    <td className="text-right tabular-nums">{item.errorCount}</td>
                    <td>
                      <Link to={`?id=${item.id}`} className="text-brand-700 underline">
                        {t("imports.show")}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card grid gap-6 lg:grid-cols-2" aria-labelledby="import-formats">
        <div>
          <h2 id="import-formats" className="text-lg font-semibold">
            {t("imports.formatsTitle")}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t("imports.formatsLead")}</p>
          <dl className="mt-3 space-y-2 text-sm">
            {Object.entries(formats).map(([kind, format]) => (
              <div key={kind}>
                <dt className="font-medium">{t(`imports.fileKinds.${kind}`)}</dt>
                <dd className="flex flex-wrap gap-x-2 font-mono text-xs text-slate-700">
                  {format.required.map((c) => (
                    <b key={c}>{c}</b>
                  ))}
                  {format.optional.map((c) => (
                    <span key={c}>{c}</span>
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        </div>
        <div>
          <h2 className="text-lg font-semibold">{t("imports.samplesTitle")}</h2>
          {SAMPLE_GROUPS.map((group) => (
            <div key={group.label} className="mt-3 text-sm">
              <p className="text-slate-600">{t(group.label)}</p>
              <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                {group.names
                  .filter((name) => samples.includes(name))
                  .map((name) => (
                    <li key={name}>
                      <a href={`/collateral/samples/${name}`} download={name} className="font-mono text-brand-700 underline">
                        {name}
                      </a>
                    </li>
                  ))}
              </ul>
            </div>
          ))}
        </div>
      </section>
    </div>
  );
}

/** While an import runs, ask the loader again every ~700 ms (one request at a time). */
function usePolling(active: boolean) {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (latest.current.state === "idle") latest.current.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active]);
}

function StatusBadge({ status }: { status: ImportView["status"] }) {
  const { t } = useTranslation();
  const tone = { queued: "bg-slate-100 text-slate-700", running: "bg-brand-50 text-brand-800", done: "bg-green-100 text-green-800", failed: "bg-red-100 text-red-800" }[status];
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${tone}`}>{t(`imports.statuses.${status}`)}</span>;
}

/** Row counts as the reader writes numbers (10,000), the same on the server and in the browser. */
function useCount() {
  const { locale } = useRootData();
  const format = new Intl.NumberFormat(locale === "zh" ? "zh-CN" : "en-GB");
  return (n: number) => format.format(n);
}

function ImportDetails({ item }: { item: Selected }) {
  const { t } = useTranslation();
  const count = useCount();
  const running = isRunning(item.status);
  const counts = item.summary.counts;
  return (
    <section className="card space-y-4" aria-labelledby="import-detail" data-testid="import-detail" data-status={item.status}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="import-detail" className="text-lg font-semibold">
          {t(`imports.kinds.${item.kind}`)} · <Time value={item.createdAt} />
        </h2>
        <StatusBadge status={item.status} />
      </div>
      <p className="text-sm text-slate-600">{item.summary.files.map((f) => f.name).join(", ")}</p>
      {running ? <Progress item={item} /> : null}
      {item.status === "done" ? <Notice tone="success">{t("imports.doneNotice", { rows: count(item.summary.rows ?? item.totalRows) })}</Notice> : null}
      {item.status === "failed" ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {t("imports.failedNotice", { total: count(item.errorCount) })}
          {item.errorCount > item.errors.length ? ` ${t("imports.someErrorsShown", { shown: count(item.errors.length), total: count(item.errorCount) })}` : null}
        </div>
      ) : null}
      {counts ? (
        <div className="overflow-x-auto">
          <h3 className="font-medium">{t("imports.countsTitle")}</h3>
          <table className="table mt-2" data-testid="import-counts">
            <thead>
              <tr>
                <th>{t("imports.record")}</th>
                <th className="text-right">{t("imports.created")}</th>
                <th className="text-right">{t("imports.updated")}</th>
                <th className="text-right">{t("imports.unchanged")}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(counts)
                .sort(byRecordOrder)
                .map(([kind, c]) => (
                  <tr key={kind} data-kind={kind}>
                    <td>{t(`imports.records.${kind}`)}</td>
                    <td className="text-right tabular-nums">{count(c.created)}</td>
                    <td className="text-right tabular-nums">{count(c.updated)}</td>
                    <td className="text-right tabular-nums">{count(c.unchanged)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {item.errors.length > 0 ? <IssueTable issues={item.errors} /> : null}
    </section>
  );
}

function Progress({ item }: { item: Selected }) {
  const { t } = useTranslation();
  const count = useCount();
  const known = item.totalRows > 0;
  const writing = item.phase === "writing" || item.phase === "evaluating";
  const value = writing ? item.totalRows : item.processedRows;
  return (
    <div className="space-y-1">
      <progress
        className="h-3 w-full overflow-hidden rounded-full accent-brand-600"
        aria-label={t("imports.progressLabel")}
        max={known ? item.totalRows : undefined}
        value={known ? value : undefined}
        data-testid="import-progress"
      />
      <p className="text-sm text-slate-600" aria-live="polite">
        {item.phase ? t(`imports.phases.${item.phase}`) : t("imports.statuses.queued")}
        {known ? ` ${t("imports.progressRows", { processed: count(value), total: count(item.totalRows) })}` : null}
      </p>
    </div>
  );
}

function IssueTable({ issues }: { issues: readonly ImportIssue[] }) {
  const { t } = useTranslation();
  return (
    <div className="overflow-x-auto">
      <h3 className="font-medium">{t("imports.errorsTitle")}</h3>
      <table className="table mt-2" data-testid="import-errors">
        <thead>
          <tr>
            <th>{t("imports.file")}</th>
            <th className="text-right">{t("imports.line")}</th>
            <th>{t("imports.column")}</th>
            <th>{t("imports.problem")}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((issue, i) => (
            <tr key={i}>
              <td className="whitespace-nowrap">{issue.file}</td>
              <td className="text-right tabular-nums">{issue.line ?? t("imports.wholeFile")}</td>
              <td className="font-mono text-xs">{issue.column ?? t("imports.wholeRow")}</td>
              <td>
                {t(`imports.codes.${issue.code}`, { ...issue.params, defaultValue: t("imports.codes.invalid") })}
                {issue.params?.item ? <span className="ml-1 font-mono text-xs text-slate-600">({issue.params.item})</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
