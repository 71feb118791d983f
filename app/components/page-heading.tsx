/** A page's title and the sentence under it that says what the page is for. */
export function PageHeading({ title, lead }: { title: string; lead: string }) {
  return (
    <div>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="mt-1 max-w-3xl text-sm text-slate-600">{lead}</p>
    </div>
  );
}
