import {
  analysisResponseSchema,
  analysisSourceSchema,
  packetTestRequestSchema,
  packetTestResponseSchema,
  pushGuardSettingsSchema,
  routerPacketQuerySchema,
  routerPacketTestResponseSchema,
} from "@/lib/analysis/schemas";
import { defineOperation } from "../operation";
import { idParams } from "./id-params";

/** Rule analysis (shadowed, conflicting, redundant rules), the packet tester, and the push guard setting. */

const tag = "Analysis";

export const analyzeOp = defineOperation({
  id: "analyzeRuleSet",
  method: "POST",
  path: "/api/v1/analysis",
  summary:
    "Shadowed, conflicting and redundant rules of a saved revision ({ruleSetId, revision?}; head when revision is omitted) or of inline content ({content}). Rules are named by 1-based position",
  tag,
  role: "viewer",
  body: analysisSourceSchema,
  bodyOffThread: true,
  response: analysisResponseSchema,
});

export const packetTestOp = defineOperation({
  id: "testPacket",
  method: "POST",
  path: "/api/v1/analysis/packet-test",
  summary:
    "Would this packet pass? Runs one packet down its chain of a saved revision or inline content: the verdict, the first matching rule, and why each earlier rule did not match",
  tag,
  role: "viewer",
  body: packetTestRequestSchema,
  bodyOffThread: true,
  response: packetTestResponseSchema,
});

export const routerPacketTestOp = defineOperation({
  id: "testPacketOnRouter",
  method: "GET",
  path: "/api/v1/routers/{id}/packet-test",
  summary:
    "The packet tester on the router's live filter rules (read now, every static rule, foreign ones included). 409 when the router's driver cannot read rules back yet; live items the model cannot hold are listed in skipped",
  tag,
  role: "operator",
  params: idParams,
  query: routerPacketQuerySchema,
  response: routerPacketTestResponseSchema,
});

export const getPushGuardOp = defineOperation({
  id: "getPushGuard",
  method: "GET",
  path: "/api/v1/settings/push-guard",
  summary:
    "Whether previews and pushes of a revision with conflicts (a rule shadowed by one with the opposite action) are refused",
  tag: "Settings",
  role: "viewer",
  response: pushGuardSettingsSchema,
});

export const putPushGuardOp = defineOperation({
  id: "setPushGuard",
  method: "PUT",
  path: "/api/v1/settings/push-guard",
  summary: "Turn blocking pushes of rule sets with conflicts on or off (audited)",
  tag: "Settings",
  role: "admin",
  body: pushGuardSettingsSchema,
  response: pushGuardSettingsSchema,
});
