import type { Metadata } from "next";
import { db } from "@/lib/db/client";
import { getSessionUser } from "@/lib/auth/session";

/**
 * Browser tab titles that name the thing on the page ("office · History · Rampart"), so an admin with ten tabs
 * open can tell them apart. A name is only looked up for a signed-in user: metadata is rendered even for a
 * request the page itself then redirects to the sign-in page.
 */
async function titled(section: string, lookup: () => Promise<string | null | undefined>): Promise<Metadata> {
  if (!(await getSessionUser())) return { title: section };
  const name = await lookup().catch(() => null);
  return { title: name ? `${name} · ${section}` : section };
}

export const ruleSetTitle = (id: string, section: string) =>
  titled(section, async () => (await db.ruleSet.findUnique({ where: { id }, select: { name: true } }))?.name);

export const routerTitle = (id: string, section: string) =>
  titled(section, async () => (await db.router.findUnique({ where: { id }, select: { name: true } }))?.name);

export const deploymentTitle = (id: string) =>
  titled("Deployment", async () => {
    const d = await db.deployment.findUnique({ where: { id }, select: { router: { select: { name: true } } } });
    return d ? `Push to ${d.router.name}` : null;
  });
