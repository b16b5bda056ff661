"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import { createRouterAction, testConnectionAction, updateRouterAction } from "@/app/(dashboard)/routers/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, inputClass, Select, TextArea, TextInput } from "@/components/ui/field";
import type { RouterView } from "@/lib/inventory/router-view";
import {
  defaultPorts,
  transportLabels,
  transportsByVendor,
  vendorLabels,
  VENDORS,
} from "@/lib/inventory/router-schema";
import type { Transport } from "@/lib/routers/transports";
import { pinsHostKey, vendorProfile } from "@/lib/routers/profiles";

type Vendor = (typeof VENDORS)[number];

export function RouterForm({ router }: { router?: RouterView }) {
  const [saveState, save, saving] = useActionState(router ? updateRouterAction : createRouterAction, null);
  const [testState, test, testing] = useActionState(testConnectionAction, null);
  // A new router starts as the first vendor of the list (lib/routers/profiles.ts) on its first transport.
  const [vendor, setVendor] = useState<Vendor>(router?.vendor ?? VENDORS[0]);
  const [transport, setTransport] = useState<Transport>(router?.transport ?? transportsByVendor[VENDORS[0]][0]);
  const [port, setPort] = useState(
    String(router?.port ?? defaultPorts[router?.transport ?? transportsByVendor[VENDORS[0]][0]]),
  );
  const [tlsMode, setTlsMode] = useState(router?.tlsMode ?? "verify");
  const e = { ...(testState?.fieldErrors ?? {}), ...(saveState?.fieldErrors ?? {}) };
  const v = saveState?.values ?? {};

  function pickTransport(t: Transport) {
    // Follow the default port unless the admin typed their own.
    if (port === String(defaultPorts[transport])) setPort(String(defaultPorts[t]));
    setTransport(t);
  }
  function pickVendor(next: Vendor) {
    setVendor(next);
    if (!transportsByVendor[next].includes(transport)) pickTransport(transportsByVendor[next][0]);
  }

  // Dispatched by hand so React does not reset the form after "Test connection": what was typed stays typed.
  function submit(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const fd = new FormData(ev.currentTarget);
    const intent = ((ev.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value;
    startTransition(() => (intent === "test" ? test(fd) : save(fd)));
  }

  return (
    <form onSubmit={submit} className="max-w-3xl space-y-5" noValidate>
      {router ? <input type="hidden" name="id" value={router.id} /> : null}
      {!router && pinsHostKey(vendor) && typeof testState?.data?.fingerprint === "string" ? (
        <input type="hidden" name="hostKeyFingerprint" value={testState.data.fingerprint} />
      ) : null}
      <FormMessage ok={saveState?.ok} message={saveState?.message} />
      <fieldset className="grid grid-cols-2 gap-4">
        <Field id="name" label="Name" error={e.name}>
          <TextInput id="name" defaultValue={v.name ?? router?.name ?? ""} error={e.name} placeholder="core-gw-1" />
        </Field>
        <Field id="vendor" label="Vendor" error={e.vendor}>
          <Select id="vendor" value={vendor} onChange={(ev) => pickVendor(ev.target.value as Vendor)} error={e.vendor}>
            {VENDORS.map((x) => (
              <option key={x} value={x}>
                {vendorLabels[x]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="host" label="Host" error={e.host} hint="IP address or DNS name Rampart connects to">
          <TextInput id="host" defaultValue={v.host ?? router?.host ?? ""} error={e.host} placeholder="192.0.2.1" />
        </Field>
        <div className="grid grid-cols-[2fr_1fr] gap-3">
          <Field id="transport" label="Transport" error={e.transport}>
            <Select
              id="transport"
              value={transport}
              onChange={(ev) => pickTransport(ev.target.value as Transport)}
              error={e.transport}
            >
              {transportsByVendor[vendor].map((t) => (
                <option key={t} value={t}>
                  {transportLabels[t]}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="port" label="Port" error={e.port}>
            <TextInput
              id="port"
              inputMode="numeric"
              value={port}
              onChange={(ev) => setPort(ev.target.value)}
              error={e.port}
            />
          </Field>
        </div>
        <Field id="username" label="Username" error={e.username}>
          <TextInput
            id="username"
            autoComplete="off"
            defaultValue={v.username ?? router?.username ?? ""}
            error={e.username}
          />
        </Field>
        <Field
          id="password"
          label="Password"
          error={e.password}
          hint={
            router?.credentialKind
              ? "A credential is stored. Leave empty to keep it; a changed host, port, vendor or transport needs it again."
              : undefined
          }
        >
          <TextInput
            id="password"
            type="password"
            autoComplete="new-password"
            error={e.password}
            placeholder={router?.credentialKind ? "•••••••• (stored)" : ""}
          />
        </Field>
      </fieldset>

      {vendorProfile(vendor).privateKeyLogin ? (
        <Field
          id="privateKey"
          label="SSH private key (instead of a password)"
          error={e.privateKey}
          hint={
            router?.sshHostKeyFingerprint
              ? `Pinned host key: ${router.sshHostKeyFingerprint}`
              : "The host key is pinned on the first successful connection."
          }
        >
          <TextArea
            id="privateKey"
            rows={3}
            className="text-xs"
            error={e.privateKey}
            placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
          />
        </Field>
      ) : null}

      {transport === "api-ssl" ? (
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-xs font-medium text-slate-700">API-SSL certificate check</legend>
          <Select
            id="tlsMode"
            value={tlsMode}
            onChange={(ev) => setTlsMode(ev.target.value as typeof tlsMode)}
            aria-label="TLS mode"
          >
            <option value="verify">Verify against a CA certificate</option>
            <option value="fingerprint">Pin the certificate fingerprint (SHA-256)</option>
            <option value="anonymous-dh">Anonymous DH — UNAUTHENTICATED (router has no certificate)</option>
          </Select>
          {tlsMode === "verify" ? (
            <Field
              id="tlsCaPem"
              label="CA certificate (PEM)"
              error={e.tlsCaPem}
              hint={
                router?.hasTlsCa
                  ? "A CA is stored; paste a new one to replace it."
                  : "Leave empty to use the system's trusted CAs."
              }
            >
              <TextArea id="tlsCaPem" rows={3} className="text-xs" error={e.tlsCaPem} />
            </Field>
          ) : tlsMode === "fingerprint" ? (
            <Field id="tlsFingerprint" label="Certificate SHA-256 fingerprint" error={e.tlsFingerprint}>
              <TextInput
                id="tlsFingerprint"
                defaultValue={v.tlsFingerprint ?? router?.tlsFingerprint ?? ""}
                error={e.tlsFingerprint}
                placeholder="AB:CD:…"
              />
            </Field>
          ) : (
            <p className="text-xs text-amber-800">
              Traffic is encrypted but the router is not authenticated: anyone on the path can impersonate it.
            </p>
          )}
        </fieldset>
      ) : null}

      <fieldset className="grid grid-cols-2 gap-4">
        <Field id="site" label="Site" error={e.site}>
          <TextInput id="site" defaultValue={v.site ?? router?.site ?? ""} error={e.site} placeholder="campus-north" />
        </Field>
        <Field
          id="tags"
          label="Tags"
          error={e.tags ?? Object.entries(e).find(([k]) => k.startsWith("tags."))?.[1]}
          hint="Separated by spaces or commas"
        >
          <TextInput id="tags" defaultValue={v.tags ?? router?.tags.join(", ") ?? ""} />
        </Field>
      </fieldset>
      <Field id="notes" label="Notes" error={e.notes}>
        <textarea
          id="notes"
          name="notes"
          rows={2}
          className={inputClass}
          defaultValue={v.notes ?? router?.notes ?? ""}
        />
      </Field>

      <div className="flex items-center gap-3 border-t border-slate-200 pt-4">
        <Button type="submit" name="intent" value="save" disabled={saving}>
          {saving ? "Saving…" : router ? "Save changes" : "Add router"}
        </Button>
        <Button type="submit" name="intent" value="test" variant="secondary" disabled={testing}>
          {testing ? "Testing…" : "Test connection"}
        </Button>
        {testState?.message ? (
          <span
            role="status"
            data-testid="test-result"
            className={`text-sm ${testState.ok ? "text-emerald-700" : "text-red-700"}`}
          >
            {testState.message}
          </span>
        ) : null}
      </div>
      {router?.credentialKind ? (
        <p data-testid="test-secret-note" className="text-xs text-slate-600">
          Test connection sends the stored {router.credentialKind === "private-key" ? "key" : "password"} only to{" "}
          {router.host}:{router.port} as stored. To test a changed host, port, vendor or transport, type the password;
          testing changed settings with the stored one needs the admin role.
        </p>
      ) : null}
    </form>
  );
}
