import { notFound } from "next/navigation";
import { DeploymentDetailView } from "@/components/push/deployment-detail";
import { PageHeader } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";
import { getDeployment } from "@/lib/push/queries";
import { deploymentTitle } from "@/lib/page-titles";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return deploymentTitle(id);
}

export default async function DeploymentPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser();
  const { id } = await params;
  const d = await getDeployment(id);
  if (!d) notFound();
  return (
    <>
      <PageHeader title={`Push to ${d.routerName}`} description={`${d.ruleSetName} revision #${d.revisionNumber}`} />
      <DeploymentDetailView initial={d} />
    </>
  );
}
