import { EmptyState, PageHeader } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";

export const metadata = { title: "Health" };

export default async function HealthPage() {
  await requirePageUser();
  return (
    <>
      <PageHeader title="Health" description="Connection state, latency and versions of every router." />
      <EmptyState title="Nothing here yet">Live health appears here once routers are added.</EmptyState>
    </>
  );
}
