import { z } from "zod";
import { ruleSetExportSchema } from "@/lib/rules/export-format";
import { defineOperation } from "../operation";
import * as s from "../rule-set-schemas";

/** Rule sets, their rules and address lists, revisions, diff and revert. Every change takes baseRevision. */

const tag = "Rule sets";

export const listRuleSetsOp = defineOperation({
  id: "listRuleSets",
  method: "GET",
  path: "/api/v1/rule-sets",
  summary: "List rule sets with rule count, routers assigned and the last change",
  tag,
  role: "viewer",
  response: z.object({ ruleSets: z.array(s.ruleSetSummarySchema) }),
});

export const createRuleSetOp = defineOperation({
  id: "createRuleSet",
  method: "POST",
  path: "/api/v1/rule-sets",
  summary: "Create a rule set: blank (optionally with content), from a template, or from an export file",
  tag,
  role: "operator",
  body: s.createRuleSetBody,
  bodyOffThread: true,
  response: z.object({ id: z.string(), revision: z.number().int() }),
  successStatus: 201,
});

export const getRuleSetOp = defineOperation({
  id: "getRuleSet",
  method: "GET",
  path: "/api/v1/rule-sets/{id}",
  summary: "A rule set with the head revision's content; send headRevision back as baseRevision when saving",
  tag,
  role: "viewer",
  params: s.ruleSetIdParams,
  response: s.ruleSetDetailSchema,
});

export const saveRuleSetOp = defineOperation({
  id: "saveRuleSet",
  method: "PUT",
  path: "/api/v1/rule-sets/{id}",
  summary: "Save a new revision; 409 if baseRevision is no longer the head, 400 if nothing changed",
  tag,
  role: "operator",
  params: s.ruleSetIdParams,
  body: s.saveRuleSetBody,
  bodyOffThread: true,
  response: s.revisionResult,
});

export const deleteRuleSetOp = defineOperation({
  id: "deleteRuleSet",
  method: "DELETE",
  path: "/api/v1/rule-sets/{id}",
  summary: "Delete a rule set and its history (refused with 409 while routers are assigned to it)",
  tag,
  role: "operator",
  params: s.ruleSetIdParams,
  response: z.null(),
  successStatus: 204,
});

export const listRevisionsOp = defineOperation({
  id: "listRevisions",
  method: "GET",
  path: "/api/v1/rule-sets/{id}/revisions",
  summary: "Revisions of a rule set, newest first",
  tag,
  role: "viewer",
  params: s.ruleSetIdParams,
  response: z.object({ revisions: z.array(s.revisionSummarySchema) }),
});

export const getRevisionOp = defineOperation({
  id: "getRevision",
  method: "GET",
  path: "/api/v1/rule-sets/{id}/revisions/{number}",
  summary: "One immutable revision with its full snapshot",
  tag,
  role: "viewer",
  params: s.revisionParams,
  response: s.revisionDetailSchema,
});

export const diffRevisionsOp = defineOperation({
  id: "diffRevisions",
  method: "GET",
  path: "/api/v1/rule-sets/{id}/diff",
  summary: "Rule-level diff between two revisions: added, removed, moved, changed fields, address-list entries",
  tag,
  role: "viewer",
  params: s.ruleSetIdParams,
  query: s.diffQuery,
  response: s.diffResponse,
});

export const revertRuleSetOp = defineOperation({
  id: "revertRuleSet",
  method: "POST",
  path: "/api/v1/rule-sets/{id}/revert",
  summary: "Append a revision equal to an earlier one, with the message 'Revert to revision N'",
  tag,
  role: "operator",
  params: s.ruleSetIdParams,
  body: s.revertBody,
  response: s.revisionResult,
  successStatus: 201,
});

export const exportRuleSetOp = defineOperation({
  id: "exportRuleSet",
  method: "GET",
  path: "/api/v1/rule-sets/{id}/export",
  summary: "The JSON export (formatVersion 1) of the head or a given revision, as a download",
  tag,
  role: "viewer",
  params: s.ruleSetIdParams,
  query: s.exportQuery,
  response: ruleSetExportSchema,
});

export const listRulesOp = defineOperation({
  id: "listRules",
  method: "GET",
  path: "/api/v1/rule-sets/{id}/rules",
  summary: "The head revision's rules in order, each with a one-line description",
  tag,
  role: "viewer",
  params: s.ruleSetIdParams,
  response: s.ruleListResponse,
});

export const addRuleOp = defineOperation({
  id: "addRule",
  method: "POST",
  path: "/api/v1/rule-sets/{id}/rules",
  summary: "Insert one rule at a position as a new revision",
  tag,
  role: "operator",
  params: s.ruleSetIdParams,
  body: s.addRuleBody,
  response: s.addRuleResponse,
  successStatus: 201,
});

export const listAddressListsOp = defineOperation({
  id: "listAddressLists",
  method: "GET",
  path: "/api/v1/rule-sets/{id}/address-lists",
  summary: "The head revision's address lists, each with the rules that use it",
  tag,
  role: "viewer",
  params: s.ruleSetIdParams,
  response: s.addressListsResponse,
});

export const putAddressListOp = defineOperation({
  id: "putAddressList",
  method: "PUT",
  path: "/api/v1/rule-sets/{id}/address-lists/{name}",
  summary: "Replace one address list's entries (or add the list) as a new revision",
  tag,
  role: "operator",
  params: s.listNameParams,
  body: s.putAddressListBody,
  response: s.putAddressListResponse,
});

export const listActivityOp = defineOperation({
  id: "listActivity",
  method: "GET",
  path: "/api/v1/activity",
  summary: "Revisions of every rule set, newest first, with change counts",
  tag,
  role: "viewer",
  query: s.activityQuery,
  response: s.activityResponse,
});
