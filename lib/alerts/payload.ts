import { serverEnv } from "@/lib/env";
import { alertTypeLabels, type AlertType } from "./types";

export interface AlertMessage {
  id: string;
  type: AlertType;
  summary: string;
  router: { id: string | null; name: string; site: string };
  at: Date;
  link: string;
  test: boolean;
}

/** A link the reader can open: absolute when RAMPART_PUBLIC_URL says where Rampart is served. */
export function absoluteLink(path: string): string {
  const base = serverEnv().RAMPART_PUBLIC_URL;
  return base ? `${base.replace(/\/+$/, "")}${path}` : path;
}

export function subjectOf(m: AlertMessage): string {
  return `[Rampart] ${m.test ? "Test: " : ""}${alertTypeLabels[m.type]}${m.router.name ? `: ${m.router.name}` : ""}`;
}

export function textOf(m: AlertMessage): string {
  return [
    m.summary,
    "",
    `Router: ${m.router.name || "-"}${m.router.site ? ` (site ${m.router.site})` : ""}`,
    `Time: ${m.at.toISOString()}`,
    m.link ? `Details: ${absoluteLink(m.link)}` : "",
  ]
    .filter((l, i) => l !== "" || i === 1)
    .join("\n");
}
