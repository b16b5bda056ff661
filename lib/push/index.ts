export {
  assignRuleSet,
  getAssignment,
  listAssignments,
  revisionNumbers,
  unassignRuleSet,
  type AssignmentView,
} from "./assignments";
export { continueBatch, stopBatch } from "./batch";
export { latestPreview, previewPush, type PreviewOutcome } from "./preview";
export {
  getBatch,
  getDeployment,
  listDeployments,
  type BatchView,
  type DeploymentDetail,
  type DeploymentSummary,
} from "./queries";
export { recoverInterruptedPushes } from "./recover";
export { pushRequestSchema, startPush, type PushRequest, type PushRequester, type StartPushResult } from "./start-push";
