import { EmptyState, PageHeader } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";

export const metadata = { title: "Rule sets" };

export default async function RulesetsPage() {
  await requirePageUser();
  return (
    <>
      <PageHeader title="Rule sets" description="Firewall policies you edit here and push to routers." />
      <EmptyState title="Nothing here yet">The rule-set editor arrives with the editor issue: ordered rules, address lists, templates and full history.</EmptyState>
    </>
  );
}
