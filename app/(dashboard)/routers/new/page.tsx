import { RouterForm } from "@/components/router-form/router-form";
import { PageHeader } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";

export const metadata = { title: "Add router" };

export default async function NewRouterPage() {
  await requirePageUser("admin");
  return (
    <>
      <PageHeader
        title="Add router"
        description="The password is encrypted at rest and never sent back to the browser."
      />
      <RouterForm />
    </>
  );
}
