import { EmptyState, PageHeader } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";

export const metadata = { title: "Deployments" };

export default async function DeploymentsPage() {
  await requirePageUser();
  return (
    <>
      <PageHeader title="Deployments" description="Every push" />
      <EmptyState title="Nothing here yet"> who, when, which revision, which router, and the outcome.:No pushes yet. Pushing arrives with the push issue.</EmptyState>
    </>
  );
}
