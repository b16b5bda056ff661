import Link from "next/link";
import { ImportTextForm } from "@/components/rule-sets/import-text-form";
import { Card, PageHeader } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";

export const metadata = { title: "Import text" };

export default async function ImportTextPage() {
  await requirePageUser("operator");
  return (
    <>
      <PageHeader
        title="Import text"
        description={
          <>
            A new rule set from a router&apos;s own export, pasted or read from a file. It becomes revision 1; nothing
            is sent to a router. For a Rampart JSON export use{" "}
            <Link href="/rule-sets/new" className="text-sky-700 underline">
              New rule set
            </Link>
            .
          </>
        }
      />
      <div className="max-w-5xl">
        <Card title="Paste a RouterOS script or an OpenWrt UCI export">
          <ImportTextForm />
        </Card>
      </div>
    </>
  );
}
