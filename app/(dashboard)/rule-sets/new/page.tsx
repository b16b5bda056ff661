import Link from "next/link";
import { ImportRuleSetForm } from "@/components/rule-sets/import-form";
import { NewRuleSetForm } from "@/components/rule-sets/new-rule-set-form";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";
import { TEMPLATES } from "@/lib/rules/templates";
import { listRouters } from "@/lib/inventory/routers";

export const metadata = { title: "New rule set" };

export default async function NewRuleSetPage() {
  await requirePageUser("operator");
  const routers = (await listRouters()).map((r) => ({ id: r.id, name: r.name }));
  return (
    <>
      <PageHeader
        title="New rule set"
        description="Start blank or from a template; either way it becomes revision 1 and you continue in the editor."
      />
      <div className="grid max-w-5xl gap-6">
        <Card title="Create">
          <NewRuleSetForm templates={[...TEMPLATES]} routers={routers} />
        </Card>
        <Card title="Import from a JSON export">
          <ImportRuleSetForm />
        </Card>
        <Card title="Import from a RouterOS script or OpenWrt UCI export">
          <p className="text-sm text-slate-600">
            Paste a router&apos;s own export (or read the file); what a rule set cannot hold is listed with the reason.{" "}
            <Link href="/rule-sets/import-text" className={buttonClass("secondary", "sm")}>
              Import text…
            </Link>
          </p>
        </Card>
      </div>
    </>
  );
}
