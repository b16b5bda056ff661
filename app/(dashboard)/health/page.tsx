import Link from "next/link";
import { FleetTable } from "@/components/health/fleet-table";
import { EmptyState, PageHeader } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";
import { loadPollSettings } from "@/lib/health/poll-interval";
import { fleetHealth } from "@/lib/health/queries";

export const metadata = { title: "Health" };

export default async function HealthPage() {
  await requirePageUser();
  const [fleet, settings] = await Promise.all([fleetHealth(), loadPollSettings()]);
  return (
    <>
      <PageHeader
        title="Health"
        description={`Connection state of every router, polled every ${settings.intervalSeconds} s (timeout ${settings.timeoutSeconds} s).`}
      />
      {fleet.matching === 0 ? (
        <EmptyState title="No routers to watch">
          <Link href="/routers" className="text-sky-700 underline">
            Add a router
          </Link>{" "}
          and its health appears here within one poll.
        </EmptyState>
      ) : (
        <FleetTable initial={{ ...fleet, checkedAt: new Date().toISOString() }} />
      )}
    </>
  );
}
