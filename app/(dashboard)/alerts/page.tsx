import Link from "next/link";
import { AlertHistory } from "@/components/alerts/alert-history";
import { MuteManager } from "@/components/alerts/mutes";
import { Card, PageHeader } from "@/components/ui/page";
import { listAlertEvents } from "@/lib/alerts/history";
import { listMutes } from "@/lib/alerts/mutes";
import { requirePageUser } from "@/lib/auth/guard";
import { roleAllows } from "@/lib/auth/roles";
import { alertTargets } from "@/lib/alerts/targets";

export const metadata = { title: "Alerts" };

export default async function AlertsPage({ searchParams }: { searchParams: Promise<{ mute?: string | string[] }> }) {
  const user = await requirePageUser();
  const preset = (await searchParams).mute;
  const [events, mutes, { routers, sites }] = await Promise.all([
    listAlertEvents({ limit: 200 }),
    listMutes(),
    alertTargets(),
  ]);
  return (
    <>
      <PageHeader
        title="Alerts"
        description={
          <>
            Routers going down and back up, drift, failed pushes and changed host keys, and where each alert went.{" "}
            {user.role === "admin" ? (
              <Link href="/settings#alerts" className="text-sky-700 underline">
                Channels and throttling
              </Link>
            ) : null}
          </>
        }
      />
      <div className="space-y-6">
        <Card title="Maintenance mutes">
          <MuteManager
            initial={mutes}
            routers={routers}
            sites={sites}
            canEdit={roleAllows(user.role, "operator")}
            preset={typeof preset === "string" ? preset : undefined}
          />
        </Card>
        <Card title="History">
          <AlertHistory initial={events} />
        </Card>
      </div>
    </>
  );
}
