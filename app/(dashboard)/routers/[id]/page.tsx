import Link from "next/link";
import { notFound } from "next/navigation";
import { checkNowAction, deleteRouterAction } from "../actions";
import { importFromRouterAction } from "../drift-actions";
import { proposeRolesAction, saveRolesAction } from "../role-actions";
import { RouterRolesCard } from "@/components/routers/router-roles-card";
import { getRouterRoles } from "@/lib/inventory/router-roles";
import { DriftCard } from "@/components/drift/drift-card";
import { ImportFromRouter } from "@/components/drift/import-from-router";
import { RouterHealthPanel } from "@/components/health/router-health-panel";
import { LiveFirewallCard } from "@/components/live-firewall/live-firewall-card";
import { RouterPushCard } from "@/components/push/router-push-card";
import { RouterPacketTester } from "@/components/rule-analysis/router-packet-tester";
import { InlineAction } from "@/components/settings/inline-action";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";
import { roleAllows } from "@/lib/auth/roles";
import { latencySeries, routerHealth } from "@/lib/health/queries";
import { recentStateChanges } from "@/lib/health/uptime";
import { getRouter } from "@/lib/inventory/routers";
import { transportLabels, vendorLabels } from "@/lib/inventory/router-schema";
import { pinsHostKey, vendorProfile } from "@/lib/routers/profiles";
import { routerTitle } from "@/lib/page-titles";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return routerTitle(id, "Router");
}

export default async function RouterPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ compare?: string }>;
}) {
  const user = await requirePageUser();
  const { id } = await params;
  const { compare } = await searchParams;
  const router = await getRouter(id);
  if (!router) notFound();
  const [health, hour, day, changes, roles] = await Promise.all([
    routerHealth(id),
    latencySeries(id, "hour"),
    latencySeries(id, "day"),
    recentStateChanges(id),
    getRouterRoles(id),
  ]);
  if (!health) notFound();
  const row = health;
  const facts: [string, string][] = [
    ["Vendor", vendorLabels[router.vendor]],
    ["Address", `${router.host}:${router.port}`],
    ["Transport", transportLabels[router.transport]],
    ["Username", router.username],
    [
      "Credential",
      router.credentialKind === "private-key"
        ? "SSH key (stored encrypted)"
        : router.credentialKind
          ? "password (stored encrypted)"
          : "none",
    ],
    ...(router.transport === "api-ssl"
      ? [
          [
            "TLS",
            router.tlsMode === "anonymous-dh"
              ? "anonymous DH — unauthenticated"
              : router.tlsMode === "fingerprint"
                ? `pinned ${router.tlsFingerprint}`
                : router.hasTlsCa
                  ? "verified against uploaded CA"
                  : "verified against system CAs",
          ] as [string, string],
        ]
      : []),
    ...(pinsHostKey(router.vendor)
      ? [
          ["SSH host key", router.sshHostKeyFingerprint ?? "not pinned yet (pinned on first connect)"] as [
            string,
            string,
          ],
        ]
      : []),
    ["Site", router.site || "—"],
    ["Tags", router.tags.join(", ") || "—"],
  ];
  return (
    <>
      <PageHeader
        title={router.name}
        description={router.notes || undefined}
        actions={
          <>
            {roleAllows(user.role, "operator") ? (
              <InlineAction action={checkNowAction} fields={{ id }}>
                <Button variant="secondary" type="submit">
                  Check now
                </Button>
              </InlineAction>
            ) : null}
            {roleAllows(user.role, "operator") ? (
              <Link href={`/alerts?mute=${encodeURIComponent(id)}`} className={buttonClass("secondary")}>
                Mute alerts
              </Link>
            ) : null}
            {roleAllows(user.role, "admin") ? (
              <>
                <Link href={`/routers/${id}/edit`} className={buttonClass("secondary")}>
                  Edit
                </Link>
                <InlineAction
                  action={deleteRouterAction}
                  fields={{ id }}
                  confirm={`Remove ${router.name} from Rampart? The router itself is not changed.`}
                >
                  <Button variant="danger" type="submit">
                    Remove
                  </Button>
                </InlineAction>
              </>
            ) : null}
          </>
        }
      />
      {/* min-w-0: a wide table inside a card scrolls in its own box instead of widening the page on a phone. */}
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <Card title="Health">
          <RouterHealthPanel
            routerId={id}
            initial={{ hour: { router: row, series: hour, changes }, day: { router: row, series: day, changes } }}
          />
        </Card>
        <Card title="Connection">
          <dl className="space-y-2">
            {facts.map(([k, v]) => (
              <div key={k} className="grid grid-cols-[7rem_1fr] gap-2">
                <dt className="text-xs text-slate-500">{k}</dt>
                <dd className="break-all text-sm">{v}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
      <div className="mt-6">
        <DriftCard routerId={id} routerName={router.name} role={user.role} compare={compare === "1"} />
      </div>
      <div className="mt-6" id="interface-roles">
        <Card title="Interface roles">
          <RouterRolesCard
            routerId={id}
            kinds={vendorProfile(router.vendor).roleTargets}
            initial={roles ?? []}
            canEdit={roleAllows(user.role, "admin")}
            canPropose={roleAllows(user.role, "operator")}
            save={saveRolesAction}
            propose={proposeRolesAction}
          />
        </Card>
      </div>
      <div className="mt-6">
        <RouterPushCard routerId={id} role={user.role} />
      </div>
      {roleAllows(user.role, "operator") ? (
        <div className="mt-6">
          <Card title="Live firewall">
            <LiveFirewallCard routerId={id} />
          </Card>
        </div>
      ) : null}
      {roleAllows(user.role, "operator") ? (
        <div className="mt-6">
          <Card title="Test a packet against this router's live rules">
            <RouterPacketTester routerId={id} />
          </Card>
        </div>
      ) : null}
      {roleAllows(user.role, "operator") ? (
        <div className="mt-6">
          <Card title="Import from router">
            <p className="mb-3 text-sm text-slate-600">
              Build a new rule set from this router&apos;s current filter rules, NAT rules and address lists, its own
              rules included. A rule Rampart&apos;s model cannot express comes over as the router&apos;s own raw rule,
              in its place; only rows the router makes itself are listed and left alone.
            </p>
            <ImportFromRouter routerId={id} routerName={router.name} action={importFromRouterAction} />
          </Card>
        </div>
      ) : null}
    </>
  );
}
