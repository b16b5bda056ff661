import { z } from "zod";
import {
  alertSettingsSchema,
  alertTypeSchema,
  channelInputSchema,
  channelViewSchema,
  eventViewSchema,
  muteInputSchema,
  muteViewSchema,
  sendResultSchema,
} from "@/lib/alerts/types";
import { defineOperation } from "../operation";
import { idParams } from "./id-params";

export const listAlertChannelsOp = defineOperation({
  id: "listAlertChannels",
  method: "GET",
  path: "/api/v1/alerts/channels",
  summary: "Alert channels (webhook, e-mail); secrets are never returned",
  tag: "Alerts",
  role: "admin",
  response: z.object({ channels: z.array(channelViewSchema) }),
});

export const createAlertChannelOp = defineOperation({
  id: "createAlertChannel",
  method: "POST",
  path: "/api/v1/alerts/channels",
  summary: "Add a webhook or SMTP channel; `secret` (signing secret or SMTP password) is write-only",
  tag: "Alerts",
  role: "admin",
  body: channelInputSchema,
  response: channelViewSchema,
  successStatus: 201,
});

export const updateAlertChannelOp = defineOperation({
  id: "updateAlertChannel",
  method: "PUT",
  path: "/api/v1/alerts/channels/{id}",
  summary: "Change a channel; omit `secret` to keep the stored one",
  tag: "Alerts",
  role: "admin",
  params: idParams,
  body: channelInputSchema,
  response: channelViewSchema,
});

export const deleteAlertChannelOp = defineOperation({
  id: "deleteAlertChannel",
  method: "DELETE",
  path: "/api/v1/alerts/channels/{id}",
  summary: "Remove a channel; its alert history stays, and alerts it had not sent are recorded as not sent",
  tag: "Alerts",
  role: "admin",
  params: idParams,
  response: z.null(),
  successStatus: 204,
});

export const testAlertChannelOp = defineOperation({
  id: "testAlertChannel",
  method: "POST",
  path: "/api/v1/alerts/channels/{id}/test",
  summary: "Send a test alert now and return what the receiver or mail server answered",
  tag: "Alerts",
  role: "admin",
  params: idParams,
  response: sendResultSchema,
});

export const listAlertEventsOp = defineOperation({
  id: "listAlertEvents",
  method: "GET",
  path: "/api/v1/alerts/events",
  summary: "Alert history, newest first, with each channel's delivery status",
  tag: "Alerts",
  role: "viewer",
  query: z.object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    routerId: z.string().min(1).max(64).optional(),
    type: alertTypeSchema.optional(),
  }),
  response: z.object({ events: z.array(eventViewSchema) }),
});

export const listAlertMutesOp = defineOperation({
  id: "listAlertMutes",
  method: "GET",
  path: "/api/v1/alerts/mutes",
  summary: "Maintenance mutes in force",
  tag: "Alerts",
  role: "viewer",
  response: z.object({ mutes: z.array(muteViewSchema) }),
});

export const createAlertMuteOp = defineOperation({
  id: "createAlertMute",
  method: "POST",
  path: "/api/v1/alerts/mutes",
  summary: "Mute alerts of a router or a site until a time; muted alerts are recorded, not sent",
  tag: "Alerts",
  role: "operator",
  body: muteInputSchema,
  response: muteViewSchema,
  successStatus: 201,
});

export const deleteAlertMuteOp = defineOperation({
  id: "deleteAlertMute",
  method: "DELETE",
  path: "/api/v1/alerts/mutes/{id}",
  summary: "End a maintenance mute now",
  tag: "Alerts",
  role: "operator",
  params: idParams,
  response: z.null(),
  successStatus: 204,
});

export const getAlertSettingsOp = defineOperation({
  id: "getAlertSettings",
  method: "GET",
  path: "/api/v1/settings/alerts",
  summary: "Alert throttling: the same alert for the same router at most once per this many minutes",
  tag: "Settings",
  role: "viewer",
  response: alertSettingsSchema,
});

export const setAlertSettingsOp = defineOperation({
  id: "setAlertSettings",
  method: "PUT",
  path: "/api/v1/settings/alerts",
  summary: "Change alert throttling (0: no throttling)",
  tag: "Settings",
  role: "admin",
  body: alertSettingsSchema,
  response: alertSettingsSchema,
});
