export default function Loading() {
  return (
    <div className="animate-pulse space-y-3" aria-busy="true" aria-label="Loading rule set">
      <div className="h-8 w-64 rounded bg-slate-200" />
      <div className="h-11 rounded-lg bg-slate-100" />
      <div className="h-96 rounded-lg bg-slate-100" />
    </div>
  );
}
