import { notFound } from "next/navigation";
import { RouterForm } from "@/components/router-form/router-form";
import { PageHeader } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";
import { getRouter } from "@/lib/inventory/routers";
import { routerTitle } from "@/lib/page-titles";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return routerTitle(id, "Edit router");
}

export default async function EditRouterPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser("admin");
  const router = await getRouter((await params).id);
  if (!router) notFound();
  return (
    <>
      <PageHeader
        title={`Edit ${router.name}`}
        description="Leave the password empty to keep the stored one; a changed host, port, vendor or transport needs it again."
      />
      <RouterForm router={router} />
    </>
  );
}
