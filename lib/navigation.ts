import type { Role } from "@/lib/auth/roles";

export interface NavItem {
  href: string;
  label: string;
  minRole: Role;
}

export const mainNav: NavItem[] = [
  { href: "/rule-sets", label: "Rule sets", minRole: "viewer" },
  { href: "/routers", label: "Routers", minRole: "viewer" },
  { href: "/health", label: "Health", minRole: "viewer" },
  { href: "/alerts", label: "Alerts", minRole: "viewer" },
  { href: "/deployments", label: "Deployments", minRole: "viewer" },
  { href: "/history", label: "History", minRole: "viewer" },
  { href: "/audit", label: "Audit log", minRole: "admin" },
  { href: "/settings", label: "Settings", minRole: "viewer" },
];
