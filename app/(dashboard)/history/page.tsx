import { EmptyState, PageHeader } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";

export const metadata = { title: "History" };

export default async function HistoryPage() {
  await requirePageUser();
  return (
    <>
      <PageHeader title="History" description="Every change to every rule set, and who made it." />
      <EmptyState title="Nothing here yet">No changes recorded yet.</EmptyState>
    </>
  );
}
