import type { Vendor } from "@/lib/routers/driver";
import { getDriver } from "@/lib/routers/registry";
import type { RuleSetContent } from "@/lib/rules/schema";

/** Rule set content to and from a vendor's hand-written text. Pure (no database), so it runs on a worker thread. */

export function contentToText(vendor: Vendor, content: RuleSetContent, meta: { name: string; revision: number }) {
  return getDriver(vendor).planner.exportText(content, meta);
}

export function textToContent(vendor: Vendor, text: string) {
  return getDriver(vendor).planner.importText(text);
}
