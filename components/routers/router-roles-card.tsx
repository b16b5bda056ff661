"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Select, TextInput } from "@/components/ui/field";
import { ROLE_KIND_LABELS, roleKindWithArticle, type RoleMapping, type RoleTargetKind } from "@/lib/routers/roles";
import type { RolesState } from "@/app/(dashboard)/routers/role-actions";

type Row = { role: string; kind: RoleTargetKind; name: string };

/**
 * The router's interface roles: what lan, wan, … are on this router. Proposals are read from the router on
 * request; "Use" adds one and saves at once (one click); rows can also be typed and saved by hand.
 */
export function RouterRolesCard({
  routerId,
  kinds,
  initial,
  canEdit,
  canPropose,
  save,
  propose,
}: {
  routerId: string;
  kinds: readonly RoleTargetKind[];
  initial: RoleMapping;
  canEdit: boolean;
  canPropose: boolean;
  save: (routerId: string, rows: unknown) => Promise<RolesState>;
  propose: (routerId: string) => Promise<RolesState>;
}) {
  const [rows, setRows] = useState<Row[]>(initial.map((r) => ({ role: r.role, ...r.target })));
  const [proposals, setProposals] = useState<RoleMapping | null>(null);
  const [state, setState] = useState<RolesState>(null);
  const [pending, start] = useTransition();
  const toMapping = (rs: Row[]) =>
    rs.map((r) => ({ role: r.role.trim(), target: { kind: r.kind, name: r.name.trim() } }));
  const saveRows = (rs: Row[]) =>
    start(async () => {
      const s = await save(routerId, toMapping(rs));
      setState(s);
      if (s?.ok && s.roles) setRows(s.roles.map((r) => ({ role: r.role, ...r.target })));
    });
  const err = (i: number, f: string) => state?.fieldErrors?.[`${i}.${f}`];
  const mapped = new Map(rows.map((r) => [r.role, `${r.kind} ${r.name}`]));

  return (
    <div className="space-y-3" data-testid="router-roles">
      <p className="text-sm text-slate-600">
        Rules can match a role (<code>role lan</code>, <code>not role lan</code>) instead of an interface name. Say here
        what each role is on this router: {kinds.map(roleKindWithArticle).join(" or ")}.
      </p>
      {rows.length === 0 ? <p className="text-sm text-slate-500">No roles mapped yet.</p> : null}
      {rows.map((r, i) => (
        <div key={i} className="grid grid-cols-1 gap-2 sm:grid-cols-[8rem_10rem_1fr_auto] sm:items-start">
          <Field id={`role-${i}-role`} label="Role" error={err(i, "role")}>
            <TextInput
              id={`role-${i}-role`}
              value={r.role}
              disabled={!canEdit}
              error={err(i, "role")}
              onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, role: e.target.value } : x)))}
            />
          </Field>
          <Field id={`role-${i}-kind`} label="Is a" error={err(i, "target.kind")}>
            <Select
              id={`role-${i}-kind`}
              value={r.kind}
              disabled={!canEdit}
              error={err(i, "target.kind")}
              onChange={(e) =>
                setRows(rows.map((x, j) => (j === i ? { ...x, kind: e.target.value as RoleTargetKind } : x)))
              }
            >
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {ROLE_KIND_LABELS[k]}
                </option>
              ))}
            </Select>
          </Field>
          <Field id={`role-${i}-name`} label="Name on the router" error={err(i, "target.name")}>
            <TextInput
              id={`role-${i}-name`}
              value={r.name}
              disabled={!canEdit}
              error={err(i, "target.name")}
              onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
            />
          </Field>
          {canEdit ? (
            <Button
              type="button"
              variant="ghost"
              className="sm:mt-5"
              aria-label={`Remove role ${r.role}`}
              onClick={() => setRows(rows.filter((_, j) => j !== i))}
            >
              Remove
            </Button>
          ) : null}
        </div>
      ))}
      <div className="flex flex-wrap gap-2">
        {canEdit ? (
          <>
            <Button
              type="button"
              variant="secondary"
              onClick={() => setRows([...rows, { role: "", kind: kinds[0], name: "" }])}
            >
              Add role
            </Button>
            <Button type="button" disabled={pending} onClick={() => saveRows(rows)}>
              Save roles
            </Button>
          </>
        ) : null}
        {canPropose ? (
          <Button
            type="button"
            variant="secondary"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const s = await propose(routerId);
                setState(s);
                setProposals(s?.proposals ?? null);
              })
            }
          >
            Propose from the router
          </Button>
        ) : null}
      </div>
      {proposals && proposals.length > 0 ? (
        <ul className="space-y-1 text-sm" aria-label="Proposed roles">
          {proposals.map((p) => {
            const same = mapped.get(p.role) === `${p.target.kind} ${p.target.name}`;
            return (
              <li key={p.role} className="flex flex-wrap items-center gap-2">
                <span>
                  role <strong>{p.role}</strong> → {ROLE_KIND_LABELS[p.target.kind]} <code>{p.target.name}</code>
                </span>
                {same ? (
                  <span className="text-xs text-slate-500">(mapped)</span>
                ) : canEdit ? (
                  <Button
                    type="button"
                    size="sm"
                    variant="secondary"
                    disabled={pending}
                    aria-label={`Use role ${p.role} as ${p.target.name}`}
                    onClick={() =>
                      saveRows([
                        ...rows.filter((r) => r.role !== p.role),
                        { role: p.role, kind: p.target.kind, name: p.target.name },
                      ])
                    }
                  >
                    Use
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      <FormMessage ok={state?.ok} message={state?.message} />
    </div>
  );
}
