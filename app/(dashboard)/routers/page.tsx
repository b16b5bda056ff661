import { EmptyState, PageHeader } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";

export const metadata = { title: "Routers" };

export default async function RoutersPage() {
  await requirePageUser();
  return (
    <>
      <PageHeader title="Routers" description="MikroTik (RouterOS API) and OpenWrt (SSH) routers under management." />
      <EmptyState title="Nothing here yet">Router inventory and connection tests arrive with the routers issue.</EmptyState>
    </>
  );
}
