import { useEffect, useState } from "react";
import { useRootData } from "~/utils/root-data";

const SERVER_ZONE = "Asia/Shanghai";

/** A moment in the viewer's time zone: the server renders Beijing time, the browser then its own zone. */
export function Time({ value }: { value: string | null }) {
  const { locale } = useRootData();
  const [zone, setZone] = useState(SERVER_ZONE);
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  if (!value) return null;
  const text = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: zone }).format(new Date(value));
  return (
    <time dateTime={value} suppressHydrationWarning>
      {text}
    </time>
  );
}

/** Labelled instants, one per line (a listing's announce, open and close); lines without a time are left out. */
export function TimeLines({ lines }: { lines: ReadonlyArray<readonly [label: string, value: string | null]> }) {
  return (
    <>
      {lines.map(([label, value]) =>
        value ? (
          <span key={label} className="block">
            {label} <Time value={value} />
          </span>
        ) : null,
      )}
    </>
  );
}
