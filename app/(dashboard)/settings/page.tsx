import { AlertChannels } from "@/components/alerts/alert-channels";
import { listChannels } from "@/lib/alerts/channels";
import { loadAlertSettings } from "@/lib/alerts/settings";
import { alertTargets } from "@/lib/alerts/targets";
import { changeRoleAction, endSessionsAction, revokeTokenAction, setDisabledAction } from "./actions";
import { InlineAction } from "@/components/settings/inline-action";
import { PasswordChangeForm } from "@/components/settings/password-change-form";
import { PasswordResetForm } from "@/components/settings/password-reset-form";
import { PollSettingsForm } from "@/components/settings/poll-settings-form";
import { HitSettingsForm } from "@/components/settings/hit-settings-form";
import { PlanRetentionForm } from "@/components/settings/plan-retention-form";
import { PushGuardForm } from "@/components/settings/push-guard-form";
import { RoleOptions } from "@/components/settings/role-options";
import { TokenCreateForm } from "@/components/settings/token-create-form";
import { UserCreateForm } from "@/components/settings/user-create-form";
import { Button, buttonClass } from "@/components/ui/button";
import { Badge, Card, EmptyRow, PageHeader, tableClass } from "@/components/ui/page";
import { listApiTokens, tokenActsAs } from "@/lib/auth/api-tokens";
import { requirePageUser } from "@/lib/auth/guard";
import { roleLabels } from "@/lib/auth/roles";
import { credentialKeyInfo } from "@/lib/crypto/credential-key";
import { formatDateTime } from "@/lib/format";
import { loadPollSettings } from "@/lib/health/poll-interval";
import { loadPushGuard } from "@/lib/analysis/push-guard";
import { loadPlanRetention } from "@/lib/push/plan-retention";
import { loadHitSettings } from "@/lib/hits/settings";
import { listUsers } from "@/lib/users/users";

export const metadata = { title: "Settings" };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ reset?: string | string[] }> }) {
  const user = await requirePageUser();
  const reset = (await searchParams).reset;
  const isAdmin = user.role === "admin";
  return (
    <>
      <PageHeader title="Settings" description="Your account, users and API tokens." />
      <div className="space-y-6">
        <Card title="Your account">
          <p>
            Signed in as <strong>{user.username}</strong> — {roleLabels[user.role]}.
          </p>
          <div className="mt-4 border-t border-slate-100 pt-4">
            <h3 className="mb-3 text-sm font-medium">Change my password</h3>
            <PasswordChangeForm username={user.username} />
          </div>
        </Card>
        {isAdmin ? <UsersSection selfId={user.id} resetId={typeof reset === "string" ? reset : ""} /> : null}
        {isAdmin ? (
          <Card title="Health polling">
            <PollSettingsForm current={await loadPollSettings()} />
          </Card>
        ) : null}
        {isAdmin ? (
          <Card title="Push">
            <PushGuardForm current={await loadPushGuard()} />
            <div className="mt-4 border-t border-slate-100 pt-4">
              <PlanRetentionForm current={await loadPlanRetention()} />
            </div>
            <div className="mt-4 border-t border-slate-100 pt-4">
              <HitSettingsForm current={await loadHitSettings()} />
            </div>
          </Card>
        ) : null}
        {isAdmin ? (
          <div id="alerts" className="scroll-mt-4">
            <Card title="Alerts">
              <p className="mb-3 text-xs text-slate-500">
                Where alerts go: webhooks (JSON, signed with <code className="font-mono">X-Rampart-Signature</code>) and
                e-mail. Secrets are stored sealed and never shown again.{" "}
                <a href="/alerts" className="text-sky-700 underline">
                  Alert history and maintenance mutes
                </a>
              </p>
              <AlertChannels
                initial={await listChannels()}
                settings={await loadAlertSettings()}
                targets={await alertTargets()}
              />
            </Card>
          </div>
        ) : null}
        {isAdmin ? <BackupSection /> : null}
        {isAdmin ? (
          <TokensSection />
        ) : (
          <Card title="API tokens">
            <p className="text-slate-500">Only admins create and revoke API tokens.</p>
          </Card>
        )}
      </div>
    </>
  );
}

function BackupSection() {
  const key = credentialKeyInfo();
  return (
    <Card title="Backups">
      <p className="text-sm text-slate-600">
        A consistent copy of the whole database, taken while Rampart runs (pushes may go on). Router secrets stay sealed
        in it: the credential key <code className="font-mono">{key.id}</code> ({key.source}) is not included, so keep
        the key safe, apart from the backups. Restore with <code className="font-mono">npx rampart restore FILE</code>{" "}
        while the server is stopped; it refuses a backup from a newer version.
      </p>
      <a href="/api/v1/backup" download className={`${buttonClass("secondary")} mt-3`}>
        Download a backup
      </a>
    </Card>
  );
}

async function UsersSection({ selfId, resetId }: { selfId: string; resetId: string }) {
  const users = await listUsers();
  const others = users.filter((u) => u.id !== selfId);
  return (
    <Card title="Users">
      <div className="overflow-x-auto">
        <table className={tableClass}>
          <thead>
            <tr>
              <th>Username</th>
              <th>Role</th>
              <th>Status</th>
              <th>Last sign-in</th>
              <th>Sessions</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-row-${u.username}`}>
                <td className="font-medium">
                  {u.username}
                  {u.id === selfId ? <span className="ml-1 text-xs text-slate-400">(you)</span> : null}
                </td>
                <td>
                  <InlineAction action={changeRoleAction} fields={{ id: u.id }}>
                    <select
                      name="role"
                      defaultValue={u.role}
                      aria-label={`Role of ${u.username}`}
                      className="rounded border border-slate-300 px-1 py-0.5 text-xs"
                    >
                      <RoleOptions />
                    </select>
                    <Button size="sm" variant="secondary" type="submit">
                      Set
                    </Button>
                  </InlineAction>
                </td>
                <td>{u.disabled ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}</td>
                <td className="text-slate-500">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : "never"}</td>
                <td>{u._count.sessions}</td>
                <td className="space-x-2 text-right">
                  {u.id === selfId ? null : (
                    <a
                      href={`/settings?reset=${encodeURIComponent(u.id)}#reset-password`}
                      className="text-xs text-sky-700 underline"
                      aria-label={`Reset the password of ${u.username}`}
                    >
                      Reset password
                    </a>
                  )}
                  <InlineAction action={endSessionsAction} fields={{ id: u.id }}>
                    <Button size="sm" variant="ghost" type="submit">
                      End sessions
                    </Button>
                  </InlineAction>
                  <InlineAction action={setDisabledAction} fields={{ id: u.id, disabled: String(!u.disabled) }}>
                    <Button size="sm" variant="ghost" type="submit">
                      {u.disabled ? "Enable" : "Disable"}
                    </Button>
                  </InlineAction>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="mt-4 border-t border-slate-100 pt-4">
        <UserCreateForm />
      </div>
      {others.length > 0 ? (
        <div id="reset-password" className="mt-4 scroll-mt-4 border-t border-slate-100 pt-4">
          <h3 className="mb-1 text-sm font-medium">Reset a user&apos;s password</h3>
          <p className="mb-3 text-xs text-slate-500">
            For someone who forgot theirs, or whose password may be known to others: their sessions end and every API
            token they own is revoked.
          </p>
          <PasswordResetForm
            key={resetId}
            users={others.map((u) => ({ id: u.id, username: u.username }))}
            selected={others.some((u) => u.id === resetId) ? resetId : others[0].id}
          />
        </div>
      ) : null}
    </Card>
  );
}

async function TokensSection() {
  const tokens = await listApiTokens();
  return (
    <Card title="API tokens">
      <p className="mb-3 text-xs text-slate-500">
        Tokens authenticate automation against <code className="font-mono">/api/v1</code> (
        <a className="text-sky-700 underline" href="/api/v1/openapi.json">
          OpenAPI document
        </a>
        ). The secret is shown once; Rampart stores only its hash.
      </p>
      <TokenCreateForm />
      <div className="mt-4 overflow-x-auto">
        <table className={tableClass}>
          <thead>
            <tr>
              <th>Name</th>
              <th>Prefix</th>
              <th>Role</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.length === 0 ? (
              <EmptyRow columns={7}>No tokens yet.</EmptyRow>
            ) : (
              tokens.map((t) => (
                <tr key={t.id} data-testid={`token-row-${t.name}`}>
                  <td className="font-medium">{t.name}</td>
                  <td className="font-mono text-xs">{t.prefix}…</td>
                  <td>
                    {t.role}
                    {t.revokedAt ? null : (
                      <TokenActsAs role={t.role} actsAs={tokenActsAs(t)} owner={t.createdBy.username} />
                    )}
                  </td>
                  <td className="text-slate-500">
                    {formatDateTime(t.createdAt)} by {t.createdBy.username}
                  </td>
                  <td className="text-slate-500">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "never"}</td>
                  <td>
                    {t.revokedAt ? (
                      <Badge tone="red">revoked</Badge>
                    ) : t.expiresAt && t.expiresAt < new Date() ? (
                      <Badge tone="amber">expired</Badge>
                    ) : (
                      <Badge tone="green">active</Badge>
                    )}
                  </td>
                  <td className="text-right">
                    {t.revokedAt ? null : (
                      <InlineAction
                        action={revokeTokenAction}
                        fields={{ id: t.id }}
                        confirm={`Revoke token '${t.name}'? Automation using it stops working.`}
                      >
                        <Button size="sm" variant="danger" type="submit">
                          Revoke
                        </Button>
                      </InlineAction>
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

/** A token never acts above its owner's current role: say so where the two differ. */
function TokenActsAs({ role, actsAs, owner }: { role: string; actsAs: string | null; owner: string }) {
  if (actsAs === role) return null;
  return (
    <span className="block text-xs text-amber-700">
      {actsAs === null ? `refused: ${owner} is disabled` : `acts as ${actsAs}: ${owner} is ${actsAs} now`}
    </span>
  );
}
